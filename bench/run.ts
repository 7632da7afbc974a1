/**
 * `npm run bench [-- section ...]`: prints the project's speed figures. Sections run in order;
 * name some to run only those.
 */
import { benchEngine } from './engine';

const sections: Record<string, () => Promise<void>> = {
  engine: benchEngine,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in sections));
if (unknown.length > 0) {
  console.error(
    `bench: unknown section ${unknown.join(', ')}; sections: ${Object.keys(sections).join(', ')}`,
  );
  process.exit(2);
}
console.log(`vmbot bench — node ${process.version}, ${new Date().toISOString()}`);
for (const [name, run] of Object.entries(sections)) {
  if (wanted.length === 0 || wanted.includes(name)) await run();
}
