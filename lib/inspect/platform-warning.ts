import type { Platform } from '../oci/documents';
import { parsePlatform, samePlatform, shownPlatform } from '../oci/platform';
import { visibleText } from '../visible-text';

/**
 * What to say when the URL asks for a platform and the image is one plain
 * manifest of another: there is no index to choose from, so the image is
 * shown as it is, where `docker pull --platform` would refuse it. Undefined
 * when nothing was asked, or the image is of that platform.
 */
export function singleImagePlatformWarning(wanted: string | undefined, image: Platform): string | undefined {
  if (wanted === undefined) return undefined;
  let asked: Platform;
  try {
    asked = parsePlatform(wanted);
  } catch {
    return `The link asks for the platform "${visibleText(wanted)}", which is not os/arch[/variant]; this single-platform image is shown as it is.`;
  }
  if (samePlatform(asked, image)) return undefined;
  return (
    `The link asks for ${shownPlatform(asked)}, but this is a single-platform image for ${shownPlatform(image)}, with no index of platforms: ` +
    `it is shown as it is. docker pull --platform ${shownPlatform(asked)} would refuse it.`
  );
}
