import { codeownersOf } from '@platter/render';
const co = `# x\n*  @p\n/apps/shop/ @a\n/tenants/team-a/ @a\n/tenants/team-a/base/ @p\ndocs/*.md @d\n**/logs @l\n/t/*/ @s\n/empty/\n`;
for (const p of ['platter.yaml', 'apps/shop/base/x.yaml', 'apps/shop', 'apps/shopping/x', 'tenants/team-a/x.yaml', 'tenants/team-a/base/x', 'tenants/team-a/prod/x', 'docs/a.md', 'docs/b/a.md', 'a/logs/x', 'logs', 't/x', 't/y/z', 'empty/x'])
  console.log(p, codeownersOf(co, p));
