/** The platform parts a command line's flags give: docker's `--platform`, podman's `--os`/`--arch`/`--variant`, skopeo's `--override-…`. */
export interface PlatformFlags {
  platform?: string;
  os?: string;
  arch?: string;
  variant?: string;
}

/** One platform, 'os/arch[/variant]', from a command's flags: `--platform` wins, and an architecture alone is linux's. */
export function platformOf(flags: PlatformFlags): string | undefined {
  if (flags.platform !== undefined) return flags.platform;
  if (flags.arch === undefined) return undefined;
  return [flags.os ?? 'linux', flags.arch, flags.variant].filter(Boolean).join('/');
}
