import { checkCodeownersHandle, checkName, checkOwnerRef, checkVariableName, isValidName } from '.';

describe('checkName', () => {
  it.each([
    ['valid', 'tenant', 'team-a', undefined],
    ['digits', 'app', 'a1', undefined],
    ['63 chars', 'app', 'a'.repeat(63), undefined],
    ['64 chars', 'app', 'a'.repeat(64), 'InvalidName'],
    ['upper case', 'app', 'Shop', 'InvalidName'],
    ['unicode', 'app', 'shöp', 'InvalidName'],
    ['dot dot', 'app', '..', 'InvalidName'],
    ['slash', 'app', 'a/b', 'InvalidName'],
    ['leading dash', 'app', '-a', 'InvalidName'],
    ['trailing dash', 'app', 'a-', 'InvalidName'],
    ['yaml anchor', 'app', '&a', 'InvalidName'],
    ['yaml alias', 'app', '*a', 'InvalidName'],
    ['colon space', 'app', 'a: b', 'InvalidName'],
    ['newline', 'app', 'a\nb', 'InvalidName'],
    ['empty', 'stage', '', 'InvalidName'],
    ['not a string', 'stage', 42, 'InvalidName'],
    ['reserved dir', 'tenant', 'base', 'ReservedName'],
    ['reserved app', 'app', 'envs', 'ReservedName'],
    ['reserved namespace', 'namespace', 'kube-system', 'ReservedNamespace'],
    ['reserved flux namespace', 'namespace', 'flux-system', 'ReservedNamespace'],
    ['kube- prefix', 'namespace', 'kube-foo', 'ReservedNamespace'],
  ] as const)('%s', (_name, thing, value, code) => {
    expect(checkName(thing, value, 'platter.yaml')?.code).toBe(code);
  });

  it('names the path and says what to change', () => {
    const d = checkName('app', 'Shop', 'apps/Shop');
    expect(d).toMatchObject({ code: 'InvalidName', path: 'apps/Shop', severity: 'error' });
    expect(d?.message).toContain('upper-case');
  });

  it('accepts exactly the DNS-1123 label alphabet', () => {
    for (let c = 0; c < 128; c++) {
      const ch = String.fromCharCode(c);
      expect(isValidName(`a${ch}a`)).toBe(/[-a-z0-9]/.test(ch));
    }
  });
});

describe('checkVariableName', () => {
  it.each([
    ['cluster_name', undefined],
    ['_x', undefined],
    ['CLUSTER', undefined],
    ['1abc', 'InvalidVariableName'],
    ['cluster-name', 'InvalidVariableName'],
    ['a.b', 'InvalidVariableName'],
  ])('%s', (key, code) => expect(checkVariableName(key)?.code).toBe(code));
});

describe('checkOwnerRef', () => {
  it.each([
    ['group:default/team-a', undefined],
    ['user:jane', undefined],
    ['group:team-a', undefined],
    ['team-a', 'InvalidName'],
    ['group:default/team a', 'InvalidName'],
  ])('%s', (ref, code) => expect(checkOwnerRef(ref)?.code).toBe(code));
});

describe('checkCodeownersHandle', () => {
  it.each([
    ['org team', '@example-org/platform-team', undefined],
    ['user', '@jane', undefined],
    ['GitLab nested group', '@group/sub.group/team_a', undefined],
    ['email', 'jane.doe+ops@example.com', undefined],
    ['a second rule on a new line', '@x\n* @evil', 'InvalidName'],
    ['a carriage return', '@x\r/tenants/ @evil', 'InvalidName'],
    ['two owners in one handle', '@x @y', 'InvalidName'],
    ['a comment', '@x #', 'InvalidName'],
    ['a pattern', '* @evil', 'InvalidName'],
    ['no @', 'team-a', 'InvalidName'],
    ['only @', '@', 'InvalidName'],
    ['empty', '', 'InvalidName'],
    ['NUL', '@x\0', 'InvalidName'],
    ['climbing', '@x/../y', 'InvalidName'],
    ['not a string', 42, 'InvalidName'],
  ])('%s', (_name, handle, code) => {
    const d = checkCodeownersHandle(handle, 'platter.yaml#tenants.t.codeowners');
    expect(d?.code).toBe(code);
    if (d) expect(d.path).toBe('platter.yaml#tenants.t.codeowners');
  });
});
