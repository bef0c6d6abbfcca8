import { describeCharacter } from './character-name';
import { platformOf } from './command-platform';
import { isReference } from './reference';
import { fromRegistryToolCommand } from './registry-cli-command';
import { referenceFromUrl } from './reference-url';
import { DROPPED_CREDENTIALS, isCredentialFlag } from './secret-like';
import { shellCommand } from './shell-words';

/**
 * What people paste into the reference box is often not a bare reference: a
 * whole `docker pull` command line, a Docker Hub / Quay / GitHub web page URL,
 * or a registry API URL from a log. This turns the recognizable shapes into a
 * reference and says what it changed; anything else comes back as it was
 * (trimmed), so parseReference can report precisely what is wrong with it.
 *
 *   input    ::= ws* ( command | run | from | yaml | url | "docker://" reference | quoted | reference ) ws*
 *   command  ::= [ "sudo" ] ( "docker" | "podman" | "nerdctl" | "buildah" ) [ "image" ] "pull" ( flag | reference )+
 *   run      ::= [ "sudo" ] ( "docker" | "podman" | "nerdctl" ) [ "container" ] ( "run" | "create" ) flag* reference word*
 *   tool     ::= a skopeo, crane, oras, regctl or ctr line that reads one image   (registry-cli-command.ts)
 *   from     ::= "FROM" [ "--platform=" platform ] reference [ "AS" name ]          (Dockerfile, case-insensitive)
 *   yaml     ::= [ "-" ] "image:" reference                                         (compose files, Kubernetes pods)
 *   url      ::= a web page or registry address that names an image                  (reference-url.ts)
 */

/** The outcome of cleaning pasted input. */
export interface CleanedReferenceInput {
  /** The reference to parse (the trimmed input itself when nothing was recognized). */
  reference: string;
  /** A platform the input asked for (`--platform`, `--os/--arch/--variant`), as 'os/arch[/variant]'. */
  platform?: string;
  /** What was changed, in words for the user: "Removed 'docker pull'." */
  note?: string;
}

/** Turns a pasted command line or web/API URL into a reference; returns anything else unchanged. */
export function cleanReferenceInput(input: string): CleanedReferenceInput {
  const edges = withoutInvisibleEdges(joinContinuedLines(input).trim());
  const text = edges.text;
  const notes: string[] = [...edges.notes];
  let reference = text;
  let platform: string | undefined;

  const quoted = unquote(reference);
  if (quoted !== reference) {
    reference = quoted;
    notes.push('Removed the surrounding quotes');
  }

  const command =
    fromCommand(reference) ?? fromRunCommand(reference) ?? fromRegistryToolCommand(reference) ?? fromDockerfile(reference) ?? fromYaml(reference);
  if (command) {
    reference = command.reference;
    platform = command.platform;
    notes.push(...command.notes);
  }

  // containers/image transport syntax, as skopeo and podman print it.
  if (reference.startsWith('docker://')) {
    reference = reference.slice('docker://'.length).replace(/^\/+/, '');
    notes.push("Removed the 'docker://' transport prefix");
  }

  if (/^https?:\/\//i.test(reference)) {
    const url = referenceFromUrl(reference);
    if (url) {
      reference = url.reference;
      notes.push(...url.notes);
    }
  }

  const result: CleanedReferenceInput = { reference };
  if (platform !== undefined) result.platform = platform;
  if (notes.length > 0) result.note = `${notes.join('. ')}.`;
  return result;
}

/**
 * `text` without the invisible format characters at its ends (a zero-width space, a word joiner, a bidi mark that
 * a web page, a chat or a document put there), and a note naming each kind removed: they are paste artefacts, as
 * the whitespace around them is. One inside the reference is left for parseReference to name.
 */
function withoutInvisibleEdges(text: string): { text: string; notes: string[] } {
  const m = /^([\p{Cf}\s]*)([\s\S]*?)([\p{Cf}\s]*)$/u.exec(text)!;
  const removed = new Set([...`${m[1]}${m[3]}`].filter((ch) => /\p{Cf}/u.test(ch)).map((ch) => describeCharacter(ch.codePointAt(0)!)));
  if (removed.size === 0) return { text, notes: [] };
  const where = m[1] !== '' && m[3] !== '' ? 'around the reference' : m[1] !== '' ? 'before the reference' : 'after the reference';
  return { text: m[2], notes: [`Removed the invisible ${[...removed].join(', ')} ${where}`] };
}

/** A reference taken out of what surrounded it, and what was removed, in words. */
interface Unwrapped {
  reference: string;
  platform?: string;
  notes: string[];
}

/**
 * A command copied from docs spans lines ending in a backslash. Pasted into a
 * one-line box, the browser drops the line breaks and leaves `\` before the next
 * line's indentation, which a shell would read as an escaped space: both forms
 * become one space. A single escaped space (`/srv\ data`) stays.
 */
function joinContinuedLines(text: string): string {
  return text.replace(/\\[ \t]*\r?\n[ \t]*/g, ' ').replace(/\\[ \t]{2,}/g, ' ');
}

function unquote(text: string): string {
  const m = /^(['"`])(.*)\1$/s.exec(text);
  return m ? m[2].trim() : text;
}

/** Pull flags that take a value (docker, podman, nerdctl, buildah); others are taken as booleans. */
const VALUE_FLAGS = new Set([
  '--platform',
  '--os',
  '--arch',
  '--variant',
  '--creds',
  '--authfile',
  '--cert-dir',
  '--decryption-key',
  '--retry',
  '--retry-delay',
  '--signature-policy',
  '--namespace',
  '-n',
  '--policy',
]);

/**
 * The flag at `tokens[i]` (`--flag=value`, `--flag value` when it takes one, or a bare switch), the index of its last
 * token, and whether its value is a credential (secret-like.ts), which is never echoed back, and never kept.
 */
function readFlag(
  tokens: string[],
  i: number,
  valueFlags: ReadonlySet<string>,
  command: readonly string[],
): { flag: string; value?: string; next: number; secret: boolean } {
  const token = tokens[i];
  const eq = token.indexOf('=');
  const flag = eq < 0 ? token : token.slice(0, eq);
  const secret = isCredentialFlag(flag, command);
  if (eq >= 0) return { flag, value: token.slice(eq + 1), next: i, secret };
  if ((secret || valueFlags.has(token)) && i + 1 < tokens.length) return { flag, value: tokens[i + 1], next: i + 1, secret };
  return { flag, next: i, secret };
}

const COMMAND = /^(?:sudo\s+)?((?:docker|podman|nerdctl|buildah)\s+(?:image\s+)?pull)(?:\s+|$)(.*)$/is;

function fromCommand(text: string): Unwrapped | undefined {
  const m = COMMAND.exec(text.replace(/^\$\s+/, ''));
  if (!m) return undefined;
  const { tokens, cutAt } = commandWords(m[2]);
  const positional: string[] = [];
  const ignored: string[] = [];
  const values: Record<string, string> = {};
  let secret = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token.startsWith('-')) {
      positional.push(token);
      continue;
    }
    const { flag, value, next, secret: credential } = readFlag(tokens, i, VALUE_FLAGS, m[1].split(/\s+/));
    i = next;
    if (credential) secret = true;
    else if (['--platform', '--os', '--arch', '--variant'].includes(flag) && value !== undefined) values[flag] = value;
    else ignored.push(flag);
  }
  // Several positionals means the line is not one pull; leave it for the parser to explain.
  if (positional.length !== 1) return undefined;

  const notes = [`Removed '${m[1].replace(/\s+/g, ' ')}'`];
  if (cutAt) notes.push(`Ignored the rest of the shell line from '${cutAt}'`);
  const platform = platformOfValues(values);
  if (platform !== undefined) notes.push(`Using platform ${platform} from the command's flags`);
  if (secret) notes.push(DROPPED_CREDENTIALS);
  if (ignored.length > 0) notes.push(`Ignored ${ignored.join(' ')}`);
  return { reference: positional[0], platform, notes };
}

/** `docker run`'s flags that take a value (docker, podman, nerdctl); the image is the first word that is not a flag or a value. */
const RUN_VALUE_FLAGS = new Set([
  ...VALUE_FLAGS,
  ...['-a', '-c', '-e', '-h', '-l', '-m', '-p', '-u', '-v', '-w'],
  ...['--add-host', '--annotation', '--attach', '--blkio-weight', '--cap-add', '--cap-drop', '--cgroup-parent', '--cgroupns', '--cidfile'],
  ...['--cpu-period', '--cpu-quota', '--cpu-shares', '--cpus', '--cpuset-cpus', '--cpuset-mems', '--device', '--dns', '--dns-option'],
  ...['--dns-search', '--domainname', '--entrypoint', '--env', '--env-file', '--expose', '--gpus', '--group-add', '--health-cmd'],
  ...['--health-interval', '--health-retries', '--health-start-period', '--health-timeout', '--hostname', '--ip', '--ip6', '--ipc'],
  ...['--isolation', '--label', '--label-file', '--link', '--log-driver', '--log-opt', '--mac-address', '--memory', '--memory-reservation'],
  ...['--memory-swap', '--mount', '--name', '--network', '--network-alias', '--pid', '--pids-limit', '--publish', '--pull', '--restart'],
  ...['--runtime', '--security-opt', '--shm-size', '--stop-signal', '--stop-timeout', '--storage-opt', '--sysctl', '--tmpfs', '--ulimit'],
  ...['--user', '--userns', '--uts', '--volume', '--volume-driver', '--volumes-from', '--workdir'],
  ...['--blkio-weight-device', '--cpu-rt-period', '--cpu-rt-runtime', '--detach-keys', '--device-cgroup-rule', '--device-read-bps'],
  ...['--device-read-iops', '--device-write-bps', '--device-write-iops', '--health-start-interval', '--kernel-memory', '--link-local-ip'],
  ...['--memory-swappiness', '--oom-score-adj', '--pod', '--secret', '--net', '--net-alias', '--cpu-count', '--cpu-percent'],
  ...['--io-maxbandwidth', '--io-maxiops', '--credentialspec', '--cgroup-conf', '--uidmap', '--gidmap', '--subuidname', '--subgidname'],
  ...['--cgroups', '--tz', '--umask', '--pidfile', '--conmon-pidfile', '--preserve-fds', '--personality', '--seccomp-policy', '--sdnotify'],
  ...['--requires', '--timeout', '--passwd-entry', '--group-entry', '--chrootdirs', '--image-volume', '--init-path', '--hostuser'],
  ...['--env-merge', '--health-on-failure', '--health-startup-cmd', '--health-startup-interval', '--health-startup-retries'],
  ...['--health-startup-success', '--health-startup-timeout', '--health-log-destination', '--health-max-log-count', '--systemd'],
  ...['--health-max-log-size', '--rdt-class', '--shm-size-systemd', '--cni-netconf-path', '--cni-path', '--snapshotter', '--mount-propagation'],
]);

/** `docker run`'s switches (no value); a flag in neither list may take a value or not, and is read as the line allows. */
const RUN_SWITCHES = new Set([
  ...['--rm', '--init', '--privileged', '--read-only', '--tty', '--interactive', '--detach', '--publish-all', '--quiet', '--help'],
  ...['--no-healthcheck', '--oom-kill-disable', '--sig-proxy', '--replace', '--rootfs', '--no-hosts', '--env-host', '--read-only-tmpfs'],
  ...['--use-api-socket', '--http-proxy', '--tls-verify', '--disable-content-trust', '--no-trunc'],
]);
// -i, -t, -d, -P, -q and their combinations (-it, -dit).
const SHORT_SWITCHES = /^-[itdPq]+$/;

const RUN_COMMAND = /^(?:sudo\s+)?((?:docker|podman|nerdctl)\s+(?:container\s+)?(?:run|create))(?:\s+|$)(.*)$/is;

/**
 * `docker run -it --rm ubuntu:24.04 bash`: the image is the first word that
 * is not a flag or a flag's value; what follows is the container's command.
 * After a flag we do not know, the next word may be its value: it is one when
 * it is no reference, and the choice is said when both readings hold.
 */
function fromRunCommand(text: string): Unwrapped | undefined {
  const m = RUN_COMMAND.exec(text.replace(/^\$\s+/, ''));
  if (!m) return undefined;
  const { tokens, cutAt } = commandWords(m[2]);
  const values: Record<string, string> = {};
  let secret = false;
  let unknownFlag: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.startsWith('-')) {
      const { flag, value, next, secret: credential } = readFlag(tokens, i, RUN_VALUE_FLAGS, m[1].split(/\s+/));
      i = next;
      if (credential) secret = true;
      if (value !== undefined) values[flag] = value;
      const known = value !== undefined || RUN_VALUE_FLAGS.has(flag) || RUN_SWITCHES.has(flag) || SHORT_SWITCHES.test(flag);
      unknownFlag = known ? undefined : flag;
      continue;
    }
    const notes = [`Removed '${m[1].replace(/\s+/g, ' ')}' and its flags`];
    if (unknownFlag !== undefined) {
      const after = tokens.slice(i + 1).find((t) => !t.startsWith('-'));
      // '--uidmap 0:100000:65536 image': no reference, so the unknown flag's value.
      if (!isReference(token)) {
        unknownFlag = undefined;
        continue;
      }
      if (after !== undefined && isReference(after)) notes.push(`Took '${token}' as the image; if ${unknownFlag} takes a value, the image is '${after}'`);
    }
    if (i + 1 < tokens.length) notes.push("Ignored the container's command after the image");
    if (cutAt) notes.push(`Ignored the rest of the shell line from '${cutAt}'`);
    const platform = platformOfValues(values);
    if (platform !== undefined) notes.push(`Using platform ${platform} from the command's flags`);
    if (secret) notes.push(DROPPED_CREDENTIALS);
    return { reference: token, platform, notes };
  }
  return undefined;
}

/** A command's words up to the first shell operator, and that operator (the rest of the line is not the command's). */
function commandWords(text: string): { tokens: string[]; cutAt?: string } {
  const { words, endedBy } = shellCommand(text);
  return { tokens: words, cutAt: endedBy };
}

/** The platform a command's `--platform`, or `--os`/`--arch`/`--variant` (podman), ask for. */
function platformOfValues(values: Record<string, string>): string | undefined {
  return platformOf({ platform: values['--platform'], os: values['--os'], arch: values['--arch'], variant: values['--variant'] });
}

const FROM_LINE = /^FROM\s+(?:--platform(?:=|\s+)(\S+)\s+)?(\S+)(?:\s+AS\s+\S+)?$/i;

/** A Dockerfile's `FROM [--platform=…] image [AS name]`; a platform given as a build variable (`$BUILDPLATFORM`) is not one. */
function fromDockerfile(text: string): Unwrapped | undefined {
  const m = FROM_LINE.exec(text);
  if (!m) return undefined;
  const named = /\sAS\s+\S+$/i.test(text);
  const notes = [named ? "Removed the Dockerfile's 'FROM' and its 'AS' name" : "Removed the Dockerfile's 'FROM'"];
  const platform = m[1] !== undefined && !m[1].includes('$') ? m[1] : undefined;
  if (platform !== undefined) notes.push(`Using platform ${platform} from the line's --platform`);
  return { reference: unquote(m[2]), platform, notes };
}

const YAML_IMAGE = /^(?:-\s+)?image:\s*(\S+)\s*(?:#.*)?$/;

/** `image: nginx:1.25` from a compose file or a Kubernetes manifest, quoted or not. */
function fromYaml(text: string): Unwrapped | undefined {
  const m = YAML_IMAGE.exec(text);
  if (!m) return undefined;
  return { reference: unquote(m[1]), notes: ["Removed 'image:'"] };
}
