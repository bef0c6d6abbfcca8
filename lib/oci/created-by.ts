/**
 * The Dockerfile instruction behind a history entry's `created_by`, for
 * people. Builders write it in three dialects:
 *
 *   classic builder, no layer   ::= "/bin/sh -c #(nop) " instruction        e.g. "#(nop)  CMD [\"bash\"]"
 *   classic builder, RUN        ::= [ "|" n " " build-args " " ] "/bin/sh -c " command
 *   BuildKit                    ::= instruction [ " # buildkit" ]           e.g. "RUN /bin/sh -c make # buildkit"
 *
 * Windows images write "cmd /S /C" where Linux ones write "/bin/sh -c".
 * The short form drops the shell wrapper and the build-arg prefix (both stay
 * in the raw text, which the page also shows).
 */

const BUILDKIT_SUFFIX = ' # buildkit';
const NOP = /^(?:\/bin\/sh -c|cmd \/S \/C) #\(nop\)\s*([\s\S]*)$/;
// Optional "RUN " (BuildKit), optional "|2 A=1 B=2 " build args, then the shell wrapper.
const SHELL_RUN = /^(?:RUN )?(?:\|\d+ [\s\S]*? )?(?:\/bin\/sh -c|cmd \/S \/C) ([\s\S]*)$/;

/** `created_by` as a Dockerfile-like line: "RUN apt-get update", "CMD [\"bash\"]". */
export function shortenCreatedBy(createdBy: string): string {
  let text = createdBy.trim();
  if (text.endsWith(BUILDKIT_SUFFIX)) text = text.slice(0, -BUILDKIT_SUFFIX.length).trimEnd();
  const nop = NOP.exec(text);
  if (nop) return nop[1].trim();
  const run = SHELL_RUN.exec(text);
  if (run) return `RUN ${run[1].trim()}`;
  return text;
}
