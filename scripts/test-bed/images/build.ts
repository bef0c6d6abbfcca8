/**
 * Builds the test images from the recipes with umoci (and our tar writer
 * for the layers umoci cannot write), their Docker schema 2 forms and
 * recompressed forms with skopeo, into `.test-bed/cache/<hash>/`. The hash
 * covers the builder's sources and the tools' versions, so a warm start
 * skips the build entirely and a changed recipe rebuilds.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDir, cacheDir } from '../paths';
import { run } from '../run';
import { appendLayer } from './append-layer';
import { compressLayer } from './layer-compression';
import { layerRecipes } from './layer-recipes';
import { patchConfig } from './oci-layout';
import { editRootfs } from './rootfs-editor';
import { recipes as baseRecipes, stepTime, type Recipe } from './recipes';
import { tarArchive } from './tar-writer';
import { addLayer, configure, initLayout, newImage } from './umoci';

/** Where the built images are: one OCI layout per recipe tag, one `dir:` per Docker conversion. */
export interface BuiltImages {
  /** OCI layout directory of a recipe, by tag; the image is under that same tag. */
  layouts: Record<string, string>;
  /** skopeo `dir:` directories of the Docker schema 2 conversions, by recipe tag. */
  docker: Record<string, string>;
  /** skopeo `dir:` directories of test/layers recompressed: OCI manifests with `tar+zstd` or plain `tar` layers. */
  recompressed: Record<Recompression, string>;
}

/** The recompressed forms of the layers recipe (test/zstd:v1, test/plain:v1). */
export type Recompression = 'zstd' | 'plain';

/** skopeo 1.9 `copy` flags of each recompression; the diff_ids, hence the config, stay the same. */
const recompressionFlags: Record<Recompression, string[]> = {
  zstd: ['--dest-compress', '--dest-compress-format', 'zstd'],
  plain: ['--dest-decompress'],
};

const recipes = [...baseRecipes, ...layerRecipes];

/** Recipe tags whose Docker schema 2 form is pushed too (test/docker, test/list). */
const dockerConversions = ['layers', 'multi-amd64', 'multi-arm64'];

const author = 'Pullscope test bed';

async function buildHash(): Promise<string> {
  const hash = crypto.createHash('sha256');
  const sourcesDir = path.dirname(fileURLToPath(import.meta.url));
  for (const name of fs.readdirSync(sourcesDir).sort()) {
    hash.update(name).update(fs.readFileSync(path.join(sourcesDir, name)));
  }
  hash.update(await run('umoci', ['--version'])).update(await run('skopeo', ['--version']));
  // Our own gzip members come from Node's zlib.
  hash.update(process.versions.zlib);
  return hash.digest('hex').slice(0, 16);
}

async function buildRecipe(recipe: Recipe, layout: string, scratch: string): Promise<void> {
  await initLayout(layout);
  await newImage(layout, recipe.tag);
  await configure(layout, recipe.tag, ['--os', recipe.os, '--architecture', recipe.architecture, '--author', author]);
  for (const [n, step] of recipe.steps.entries()) {
    const history = { createdBy: step.createdBy, created: stepTime(n + 1).toISOString(), author };
    if (step.kind === 'layer') {
      await addLayer(layout, recipe.tag, scratch, history, (rootfs) => editRootfs(rootfs, stepTime(n + 1), step.edit));
    } else if (step.kind === 'tar') {
      appendLayer(layout, recipe.tag, compressLayer(tarArchive(step.entries(), stepTime(n + 1)), step.compression), history);
    } else {
      await configure(layout, recipe.tag, step.flags, history);
    }
  }
  await configure(layout, recipe.tag, ['--created', stepTime(recipe.steps.length + 1).toISOString()]);
  const variant = recipe.variant;
  if (variant !== undefined) patchConfig(layout, recipe.tag, (config) => void (config.variant = variant));
}

function builtImagesAt(root: string): BuiltImages {
  return {
    layouts: Object.fromEntries(recipes.map((r) => [r.tag, path.join(root, 'oci', r.tag)])),
    docker: Object.fromEntries(dockerConversions.map((tag) => [tag, path.join(root, 'docker', tag)])),
    recompressed: { zstd: path.join(root, 'recompressed', 'zstd'), plain: path.join(root, 'recompressed', 'plain') },
  };
}

/** Returns the built images, building them first unless the cache has them. */
export async function buildImages(log: (line: string) => void): Promise<BuiltImages> {
  const hash = await buildHash();
  const cached = path.join(cacheDir, hash);
  if (fs.existsSync(path.join(cached, 'complete'))) {
    log(`images: cached (${hash})`);
    return builtImagesAt(cached);
  }

  log(`images: building (${hash})`);
  // Leftovers of an interrupted build are useless: start from nothing.
  fs.rmSync(buildDir, { recursive: true, force: true });
  const work = path.join(buildDir, hash);
  fs.mkdirSync(work, { recursive: true });
  const built = builtImagesAt(work);
  await Promise.all(
    recipes.map((recipe) => {
      const scratch = path.join(work, 'scratch', recipe.tag);
      fs.mkdirSync(scratch, { recursive: true });
      return buildRecipe(recipe, built.layouts[recipe.tag], scratch);
    }),
  );
  fs.mkdirSync(path.join(work, 'docker'), { recursive: true });
  for (const tag of dockerConversions) {
    await run('skopeo', ['copy', '--quiet', '--format', 'v2s2', `oci:${built.layouts[tag]}:${tag}`, `dir:${built.docker[tag]}`]);
  }
  fs.mkdirSync(path.join(work, 'recompressed'), { recursive: true });
  for (const [kind, flags] of Object.entries(recompressionFlags) as [Recompression, string[]][]) {
    await run('skopeo', ['copy', '--quiet', ...flags, `oci:${built.layouts.layers}:layers`, `dir:${built.recompressed[kind]}`]);
  }
  fs.rmSync(path.join(work, 'scratch'), { recursive: true, force: true });
  fs.writeFileSync(path.join(work, 'complete'), new Date().toISOString() + '\n');

  // Keep only this build: older hashes are dead weight.
  fs.rmSync(cacheDir, { recursive: true, force: true });
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.renameSync(work, cached);
  return builtImagesAt(cached);
}
