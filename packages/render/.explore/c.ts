import { toYaml, parseYamlValues } from '@platter/render';
const cands = ['1e3','1E3','1e+3','0o17','0x1F','0b101','1_000','.5','+1','-1','+.5','1.','.inf','.Inf','.NaN','-.inf','~','null','Null','NULL','true','True','TRUE','yes','Yes','on','Off','y','n','2001-12-14','2001-12-14t21:59:43.10-05:00','12:30','1:20','=','<<','0755','00','0','-0','1.0e+3','1e-3','6.8523015e+5','685.230_15e+03','190:20:30.15','0.','+12e03','0o','08','09', '0.1', '1__0', '_1', '+0x1f', '-0b1', '0xg', '!', '&a', '*a', 'a #b', '- a', '? a', '%a', '@a', '`a', '|', '>', '"', "'", '\t', ' a', 'a ', ''];
const bad: string[] = [];
for (const c of cands) {
  const y = toYaml({ k: c });
  let back: unknown;
  try { back = (parseYamlValues(y)[0] as any)?.k; } catch (e) { back = 'THROW ' + (e as Error).message; }
  if (back !== c) bad.push(`${JSON.stringify(c)} -> ${y.trim()} -> ${JSON.stringify(back)} (${typeof back})`);
}
console.log(bad.join('\n'));
