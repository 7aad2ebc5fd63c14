/**
 * A strict-enough reader of the Prometheus text exposition format (0.0.4): every line must be a
 * HELP/TYPE comment or a sample with a valid name, well-formed labels and a numeric value.
 */
export function parsePrometheusText(text: string): { samples: number; families: Map<string, string> } {
  const families = new Map<string, string>();
  let samples = 0;
  const name = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const label = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\["\\\\n])*"';
  const sample = new RegExp(`^(${name})(\\{(?:${label})(?:,(?:${label}))*,?\\})? (-?[0-9.]+(?:[eE][+-]?[0-9]+)?|[+-]Inf|NaN)( -?[0-9]+)?$`);
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line === '') return;
    if (line.startsWith('# HELP ')) return;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      families.set(type[1], type[2]);
      return;
    }
    if (line.startsWith('#')) throw new Error(`line ${i + 1}: unknown comment form`);
    if (!sample.test(line)) throw new Error(`line ${i + 1} is not a valid sample: ${line.slice(0, 120)}`);
    samples++;
  });
  return { samples, families };
}
