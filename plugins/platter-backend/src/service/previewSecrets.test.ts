import { parseRequest } from '@platter/model';
import { DEMO_AGE_RECIPIENT, exampleRepository, parseYamlValues, secretFacts } from '@platter/render';
import { fakeSealedSecret } from '@platter/render/testing';
import { displayChanges, toPreviewRequest } from './previewSecrets';

describe('toPreviewRequest', () => {
  const tree = exampleRepository();
  const VALUE = 'plaintext-value-123';

  it.each([
    [
      'CreateEnvironment: recipients from the request',
      {
        kind: 'CreateEnvironment',
        name: 'dev',
        stage: 'staging',
        ageRecipients: ['age1recipientfromrequest'],
        secrets: [{ name: 'api', values: { B: VALUE, A: VALUE } }],
      },
      'envs/dev/secrets/api.yaml.encrypted',
      ['age1recipientfromrequest'],
    ],
    [
      'SetSecret: recipients from platter.yaml',
      {
        kind: 'SetSecret',
        env: 'prod-eu',
        secret: { name: 'api', namespace: 'team-a', values: { B: VALUE, A: VALUE } },
      },
      'envs/prod-eu/secrets/api.yaml.encrypted',
      [DEMO_AGE_RECIPIENT],
    ],
  ])('%s', (_name, input, path, recipients) => {
    const preview = toPreviewRequest(tree, parseRequest(input));
    expect(JSON.stringify(preview.request)).not.toContain(VALUE);
    const secret =
      preview.request.kind === 'CreateEnvironment'
        ? preview.request.secrets[0]!
        : preview.request.kind === 'SetSecret'
          ? preview.request.secret
          : undefined;
    expect(secret).toMatchObject({ name: 'api', keys: ['A', 'B'] });
    expect(secret!.values).toBeUndefined();
    // What the planner checks of a sealed file (router.test.ts plans with it for real).
    const doc = parseYamlValues(secret!.sealed!)[0] as Record<string, any>;
    expect(secretFacts(doc)).toMatchObject({ name: 'api', keys: ['A', 'B'], encrypted: true });
    expect(doc.sops.age.map((a: { recipient: string }) => a.recipient)).toEqual(recipients);
    expect(preview.secretFiles.get(path)).toMatchObject({ name: 'api', keys: ['A', 'B'] });
  });

  it('keeps a sealed file the caller submitted (the planner checks it) but lists it for the stand-in', () => {
    const sealed = fakeSealedSecret({ name: 'api', keys: ['TOKEN'], recipients: [DEMO_AGE_RECIPIENT] });
    const preview = toPreviewRequest(
      tree,
      parseRequest({ kind: 'SetSecret', env: 'prod-eu', secret: { name: 'api', sealed } }),
    );
    expect(preview.request).toMatchObject({ secret: { name: 'api', sealed } });
    expect(preview.secretFiles.get('envs/prod-eu/secrets/api.yaml.encrypted')).toEqual({
      name: 'api',
      namespace: 'flux-system',
      keys: ['TOKEN'],
    });
  });

  it('leaves requests without secrets alone', () => {
    const input = parseRequest({ kind: 'EnableAddon', service: 'ingress-nginx', addon: 'metrics', stage: 'staging' });
    expect(toPreviewRequest(tree, input)).toEqual({ request: input, secretFiles: new Map() });
  });
});

describe('displayChanges', () => {
  it('replaces both sides of a listed secret file and nothing else', () => {
    const secretFiles = new Map([
      ['envs/a/secrets/s.yaml.encrypted', { name: 's', namespace: 'flux-system', keys: ['K'] }],
    ]);
    const old = fakeSealedSecret({ name: 's', keys: ['OLD'], recipients: ['age1x'] });
    const shown = displayChanges(
      [
        { path: 'envs/a/kustomization.yaml', op: 'modify', before: 'a\n', after: 'b\n' },
        { path: 'envs/a/secrets/s.yaml.encrypted', op: 'modify', before: old, after: 'ENC[placeholder]' },
      ],
      secretFiles,
    );
    expect(shown[0]).toEqual({ path: 'envs/a/kustomization.yaml', op: 'modify', before: 'a\n', after: 'b\n' });
    expect(shown[1]).toEqual({
      path: 'envs/a/secrets/s.yaml.encrypted',
      op: 'modify',
      before: '# Secret flux-system/s: the current SOPS-encrypted file\n# keys: OLD\n',
      after: '# Secret flux-system/s: SOPS/age-encrypted when the request is submitted\n# keys: K\n',
    });
  });
});
