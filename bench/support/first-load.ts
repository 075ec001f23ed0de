// What a browser fetches to start the register, read from Vite's build manifest (`vite build --manifest`).

/** One chunk or asset of .vite/manifest.json, keyed by its source (or `_<name>` for shared chunks). */
export interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export type ViteManifest = Record<string, ManifestChunk>;

export interface FirstLoad {
  /** The entry chunk and every chunk it imports statically, transitively: all fetched before the app runs. */
  firstLoadScripts: string[];
  /** Every other JavaScript chunk: reached only through import(), so fetched when a screen first needs it. */
  lazyScripts: string[];
  firstLoadStyles: string[];
}

export function firstLoad(manifest: ViteManifest, indexHtml: string): FirstLoad {
  const entries = Object.keys(manifest).filter((key) => manifest[key]!.isEntry);
  // The manifest must describe the page that is served: index.html's module script is its entry.
  const moduleScript = /<script[^>]*type="module"[^>]*src="\/?([^"]+)"/g;
  const scripts = [...indexHtml.matchAll(moduleScript)].map((m) => m[1]!);
  const entryFiles = entries.map((key) => manifest[key]!.file);
  if (scripts.length === 0 || scripts.some((src) => !entryFiles.includes(src)))
    throw new Error(
      `index.html loads ${scripts.join(', ') || 'no module script'}, not the manifest's ${entryFiles.join(', ')}`,
    );

  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the manifest imports ${key} but has no such chunk`);
    seen.add(key);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  entries.forEach(visit);

  const firstLoadScripts = [...seen].map((key) => manifest[key]!.file);
  const lazyScripts = [
    ...new Set(
      Object.values(manifest)
        .map((chunk) => chunk.file)
        .filter((file) => file.endsWith('.js') && !firstLoadScripts.includes(file)),
    ),
  ];
  const firstLoadStyles = [...new Set([...seen].flatMap((key) => manifest[key]!.css ?? []))];
  return { firstLoadScripts, lazyScripts, firstLoadStyles };
}
