import { parseRequest } from '@platter/model';
import { toYaml, parseYamlValues } from '@platter/render';
const values = JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"x": 1}}, "a.b": 1, "deep": {"__proto__": {"z": 2}}}');
const r = parseRequest({ kind: 'AddComponentToStage', stage: 'prod', service: 'x', values });
console.log(JSON.stringify(r.values), Object.keys(r.values!), Object.getPrototypeOf(r.values) === Object.prototype, ({} as any).polluted);
const y = toYaml(values); console.log(y); const back = parseYamlValues(y)[0] as any; console.log(Object.keys(back), Object.getPrototypeOf(back) === Object.prototype, JSON.stringify(back));
console.log(toYaml({ a: undefined, b: [undefined, 1], c: -0, d: Infinity, e: 2n ** 70n }));
