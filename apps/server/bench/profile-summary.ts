// Where the time goes: the self time of a V8 CPU profile (node --cpu-prof) grouped by function and by
// package, so a benchmark can print it next to its figures.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package a script belongs to, or the project file, or V8's own work. */
function owner(url: string): string {
  if (!url) return '(V8 / native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return 'node (core)';
  const source = url.indexOf('/apps/');
  return source >= 0 ? url.slice(source + 1) : url;
}

/** Self time per package and the top functions of one profile, as Markdown lines. */
export function summarizeProfile(profile: Profile, top = 10): string[] {
  const byNode = new Map<number, ProfileNode>(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...selfMicros.values()].reduce((a, b) => a + b, 0) || 1;
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    const frame = byNode.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') continue;
    const who = owner(frame.url);
    byOwner.set(who, (byOwner.get(who) ?? 0) + micros);
    const name = `${frame.functionName || '(anonymous)'} — ${who}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  }
  const percent = (micros: number) => `${((micros * 100) / total).toFixed(1)} %`;
  const rank = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    'by package/file: ' +
      rank(byOwner)
        .map(([name, micros]) => `${name} ${percent(micros)}`)
        .join(', '),
    'top functions: ' +
      rank(byFunction)
        .map(([name, micros]) => `${name} ${percent(micros)}`)
        .join('; '),
  ];
}

/** One summary per sub-directory of `dir` (one label of startServer), all its profiles together. */
export async function summarizeProfiles(dir: string): Promise<string> {
  const parts: string[] = [];
  for (const label of (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isDirectory())) {
    const files = (await readdir(join(dir, label.name))).filter((name) => name.endsWith('.cpuprofile'));
    const merged: Profile = { nodes: [], samples: [], timeDeltas: [] };
    let offset = 0;
    for (const file of files) {
      const profile = JSON.parse(await readFile(join(dir, label.name, file), 'utf8')) as Profile;
      // Node ids are per profile: shift them so that several profiles can be added up.
      for (const node of profile.nodes) merged.nodes.push({ ...node, id: node.id + offset });
      for (const id of profile.samples) merged.samples.push(id + offset);
      merged.timeDeltas.push(...profile.timeDeltas);
      offset += Math.max(0, ...profile.nodes.map((node) => node.id)) + 1;
    }
    parts.push(`${label.name} (${files.length} processes):\n${summarizeProfile(merged).join('\n')}`);
  }
  return parts.join('\n\n');
}
