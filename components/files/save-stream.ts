'use client';

interface SaveFilePickerWindow {
  showSaveFilePicker?: (options: { suggestedName: string }) => Promise<{ createWritable(): Promise<WritableStream<Uint8Array>> }>;
}

/**
 * Saves a stream as a file. Where the browser has the File System Access
 * API the bytes go straight to disk as they arrive (memory stays flat);
 * elsewhere they are collected into a Blob first.
 */
export async function saveStream(stream: ReadableStream<Uint8Array>, suggestedName: string): Promise<void> {
  const picker = (window as unknown as SaveFilePickerWindow).showSaveFilePicker;
  if (picker) {
    let handle;
    try {
      handle = await picker({ suggestedName });
    } catch {
      await stream.cancel();
      return; // the user closed the dialog
    }
    await stream.pipeTo(await handle.createWritable());
    return;
  }
  const blob = await new Response(stream).blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = suggestedName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
