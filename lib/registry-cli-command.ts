import { platformOf, type PlatformFlags } from './command-platform';
import { DROPPED_CREDENTIALS, isCredentialFlag } from './secret-like';
import { shellCommand } from './shell-words';

/**
 * Command lines of the registry tools besides docker's family, as their docs and READMEs print them:
 *
 *   line    ::= [ "$" ] [ "sudo" ] tool ( flag | command-word )* ( flag | operand )*
 *   tool    ::= "skopeo" | "crane" | "oras" | "regctl" | "ctr"
 *   flag    ::= "-" name [ "=" value ] | "-" name value          (a flag that takes one)
 *
 * A command that reads an image names it in a fixed operand: skopeo copy's and crane copy's source,
 * crane pull's first (its last is the output file). The line is read only when its words fit that
 * shape exactly; anything else is left for the reference parser to explain. Credential flags
 * (secret-like.ts) are dropped, never kept, and the reading says so.
 */

/** What a command takes: how many operands, and which of them is the image. */
interface ImageCommand {
  operands: readonly [min: number, max: number];
  image: number;
  /** Said when the image is one operand of several. */
  note?: string;
}

interface Tool {
  /** Command words after the program (global flags aside), joined by spaces, to what the command takes. */
  commands: Readonly<Record<string, ImageCommand>>;
  /** Flags that take the next word as their value (credential flags always do); any other flag is a switch. */
  valueFlags: ReadonlySet<string>;
  /** Flags whose value names the platform, or a part of it. */
  platformFlags: Readonly<Record<string, keyof PlatformFlags>>;
  /** Switches after which the operands name something else than a registry image (oras's `--oci-layout`). */
  notRegistry?: ReadonlySet<string>;
}

const ONE: ImageCommand = { operands: [1, 1], image: 0 };
const COPY: ImageCommand = { operands: [2, 2], image: 0, note: "Took the copy's source as the image" };
const EXPORT: ImageCommand = { operands: [1, 2], image: 0, note: 'Ignored the output file' };

const TOOLS: Readonly<Record<string, Tool>> = {
  // skopeo(1): the image is `docker://…` (cleanReferenceInput removes the transport) or another transport, which the
  // parser explains; --override-os/-arch/-variant choose the platform of an index.
  skopeo: {
    commands: { inspect: ONE, copy: COPY, 'list-tags': ONE },
    valueFlags: new Set([
      ...['--authfile', '--src-authfile', '--dest-authfile', '--cert-dir', '--src-cert-dir', '--dest-cert-dir', '--format', '-f'],
      ...['--override-os', '--override-arch', '--override-variant', '--policy', '--registries.d', '--tmpdir', '--command-timeout'],
      ...['--retry-times', '--retry-delay', '--sign-by', '--sign-by-sigstore', '--sign-by-sigstore-private-key', '--sign-identity'],
      ...['--sign-passphrase-file', '--additional-tag', '--encryption-key', '--encrypt-layer', '--multi-arch', '--digestfile'],
      ...['--dest-compress-format', '--dest-compress-level', '--src-shared-blob-dir', '--dest-shared-blob-dir'],
      ...['--src-daemon-host', '--dest-daemon-host', '--image-parallel-copies', '--user-agent', '--registries-conf'],
    ]),
    platformFlags: { '--override-os': 'os', '--override-arch': 'arch', '--override-variant': 'variant' },
  },
  // crane(1): `crane pull IMAGE TARBALL`, `crane export IMAGE [TARBALL]`.
  crane: {
    commands: { pull: { operands: [2, 2], image: 0, note: 'Ignored the output file' }, export: EXPORT, manifest: ONE, config: ONE, digest: ONE, ls: ONE, copy: COPY, cp: COPY },
    valueFlags: new Set(['--platform', '--format', '--cache_path', '-c', '--tarball', '-o', '--output']),
    platformFlags: { '--platform': 'platform' },
  },
  // oras(1): artifacts and images alike; with --oci-layout the operand is a folder on disk.
  oras: {
    commands: {
      pull: ONE,
      'manifest fetch': ONE,
      'manifest fetch-config': ONE,
      discover: ONE,
      'repo tags': ONE,
      'repository tags': ONE,
      'repo ls': ONE,
      copy: COPY,
      cp: COPY,
    },
    valueFlags: new Set([
      ...['--platform', '-o', '--output', '--format', '--registry-config', '--ca-file', '--cert-file', '--key-file', '--resolve'],
      ...['--concurrency', '--media-type', '--artifact-type', '--descriptor', '--last', '--template', '--depth', '-a', '--annotation'],
    ]),
    platformFlags: { '--platform': 'platform' },
    notRegistry: new Set(['--oci-layout', '--from-oci-layout', '--to-oci-layout', '--oci-layout-path']),
  },
  // regctl(1): here -p is the platform, not a password.
  regctl: {
    commands: {
      'image inspect': ONE,
      'image manifest': ONE,
      'image config': ONE,
      'image digest': ONE,
      'image copy': COPY,
      'image cp': COPY,
      'image export': EXPORT,
      'manifest get': ONE,
      'tag ls': ONE,
      'tag list': ONE,
    },
    valueFlags: new Set(['--platform', '-p', '--format', '--host', '--logopt', '-v', '--verbosity', '--user-agent', '--referrers-src', '--name']),
    platformFlags: { '--platform': 'platform', '-p': 'platform' },
  },
  // ctr(8), containerd's client: `ctr [-n namespace] images pull [--user user:password] [--platform p] ref`.
  ctr: {
    commands: { 'images pull': ONE, 'image pull': ONE, 'i pull': ONE, 'images fetch': ONE, 'image fetch': ONE, 'i fetch': ONE, 'content fetch': ONE },
    valueFlags: new Set([
      ...['--address', '-a', '--namespace', '-n', '--timeout', '--connect-timeout', '--platform', '--snapshotter', '--hosts-dir'],
      ...['--tlscacert', '--tlscert', '--tlskey', '--refresh', '--label', '--max-concurrent-downloads', '--max-concurrent-uploaded-layers'],
    ]),
    platformFlags: { '--platform': 'platform' },
  },
};

const LINE = new RegExp(`^(?:\\$\\s+)?(?:sudo\\s+)?(${Object.keys(TOOLS).join('|')})\\s+(.*)$`, 's');

/** The image a registry tool's command line reads, what was removed around it, and the platform its flags ask for. */
export interface ToolCommandImage {
  reference: string;
  platform?: string;
  notes: string[];
}

/** Reads a skopeo, crane, oras, regctl or ctr line that names one image; undefined for any other text or command. */
export function fromRegistryToolCommand(text: string): ToolCommandImage | undefined {
  const m = LINE.exec(text);
  if (!m) return undefined;
  const program = m[1];
  const tool = TOOLS[program];
  const { words: tokens, endedBy } = shellCommand(m[2]);
  const command = [program];
  const operands: string[] = [];
  const platform: PlatformFlags = {};
  let found: ImageCommand | undefined;
  let credentials = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token.startsWith('-') || token === '-') {
      if (found) {
        operands.push(token);
        continue;
      }
      command.push(token);
      const words = command.slice(1).join(' ');
      found = tool.commands[words];
      if (!found && !Object.keys(tool.commands).some((c) => c.startsWith(`${words} `))) return undefined;
      continue;
    }
    const eq = token.indexOf('=');
    const flag = eq < 0 ? token : token.slice(0, eq);
    if (tool.notRegistry?.has(flag)) return undefined;
    const secret = isCredentialFlag(flag, command);
    let value: string | undefined;
    if (eq >= 0) value = token.slice(eq + 1);
    else if ((secret || tool.valueFlags.has(flag)) && i + 1 < tokens.length) value = tokens[++i];
    credentials ||= secret;
    const part = tool.platformFlags[flag];
    if (part !== undefined && value !== undefined) platform[part] = value;
  }
  if (!found || operands.length < found.operands[0] || operands.length > found.operands[1]) return undefined;

  const notes = [`Removed '${command.join(' ')}' and its flags`];
  if (found.note !== undefined && operands.length > 1) notes.push(found.note);
  if (endedBy) notes.push(`Ignored the rest of the shell line from '${endedBy}'`);
  const chosen = platformOf(platform);
  if (chosen !== undefined) notes.push(`Using platform ${chosen} from the command's flags`);
  if (credentials) notes.push(DROPPED_CREDENTIALS);
  return { reference: operands[found.image], platform: chosen, notes };
}
