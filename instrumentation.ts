// Next runs register() once as the server starts.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startHashWorker } = await import('@/app/api/_server/off-thread-digest');
  startHashWorker();
}
