import { cloudLayout, type CloudClassFile } from '@platter/model';
import { toYaml } from '../yaml';

/**
 * The example fleet's cloud resource classes (issue 21), one per backend:
 *
 * - `s3-bucket 1.0.0` (Crossplane): the class writes a `Bucket` claim; the
 *   platform owns the XRD and the Composition, kept beside the class under
 *   `platform/` (a kustomization of their own, for the platform's clusters);
 * - `postgres 2.1.0` (Flux Terraform controller): a `Terraform` object running
 *   the module `module/` of this repository through the tenant's `platter`
 *   GitRepository.
 *
 * Both state their parameters as JSON schema with defaults, what prod demands
 * (backups), and the keys of the connection Secret. Written as data and through
 * the YAML module like everything else the example holds.
 */
const s3Bucket: CloudClassFile = {
  apiVersion: 'platter.dev/v1alpha1',
  kind: 'CloudResourceClass',
  metadata: { name: 's3-bucket' },
  spec: {
    version: '1.0.0',
    description: 'An S3 bucket with optional versioning and backups (Crossplane).',
    backend: {
      type: 'crossplane',
      apiVersion: 'platform.example.org/v1alpha1',
      kind: 'Bucket',
      compositionRef: 's3-bucket-1.0.0',
    },
    parameters: {
      type: 'object',
      additionalProperties: false,
      properties: {
        region: { type: 'string', default: 'eu-west-1', title: 'Region' },
        versioning: { type: 'boolean', default: false, title: 'Versioning' },
        backups: { type: 'boolean', default: false, title: 'Backups' },
        retentionDays: { type: 'integer', minimum: 1, maximum: 3650, default: 7, title: 'Backup retention (days)' },
      },
    },
    stages: {
      staging: { deletionPolicy: 'Delete' },
      // Prod keeps data: backups on, a month of retention, and the bucket outlives its object (Orphan).
      prod: { limits: { properties: { backups: { const: true }, retentionDays: { minimum: 30 } } } },
    },
    outputs: ['bucket', 'endpoint', 'region'],
  },
};

const postgres: CloudClassFile = {
  apiVersion: 'platter.dev/v1alpha1',
  kind: 'CloudResourceClass',
  metadata: { name: 'postgres' },
  spec: {
    version: '2.1.0',
    description: 'A managed PostgreSQL database (Terraform, through the Flux Terraform controller).',
    backend: { type: 'terraform', path: './cloud/postgres/2.1.0/module', interval: '10m' },
    parameters: {
      type: 'object',
      additionalProperties: false,
      properties: {
        storageGb: { type: 'integer', minimum: 10, maximum: 1000, default: 20, title: 'Storage (GB)' },
        instanceClass: {
          enum: ['db.t4g.small', 'db.t4g.medium', 'db.r6g.large'],
          default: 'db.t4g.small',
          title: 'Instance class',
        },
        backups: { type: 'boolean', default: false, title: 'Backups' },
        highAvailability: { type: 'boolean', default: false, title: 'Multi-AZ' },
      },
    },
    stages: {
      staging: { deletionPolicy: 'Delete', limits: { properties: { storageGb: { maximum: 100 } } } },
      // A database in prod is the platform team's to look at: review, and backups are not optional.
      prod: { review: true, limits: { properties: { backups: { const: true } } } },
    },
    outputs: ['host', 'port', 'database', 'username', 'password'],
  },
};

const xrd = {
  apiVersion: 'apiextensions.crossplane.io/v1',
  kind: 'CompositeResourceDefinition',
  metadata: { name: 'xbuckets.platform.example.org' },
  spec: {
    group: 'platform.example.org',
    names: { kind: 'XBucket', plural: 'xbuckets' },
    claimNames: { kind: 'Bucket', plural: 'buckets' },
    connectionSecretKeys: ['bucket', 'endpoint', 'region'],
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        referenceable: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: {
                  parameters: {
                    type: 'object',
                    properties: {
                      region: { type: 'string' },
                      versioning: { type: 'boolean' },
                      backups: { type: 'boolean' },
                      retentionDays: { type: 'integer' },
                      deletionPolicy: { type: 'string', enum: ['Orphan', 'Delete'] },
                    },
                    required: ['region', 'deletionPolicy'],
                  },
                },
                required: ['parameters'],
              },
            },
          },
        },
      },
    ],
  },
};

const composition = {
  apiVersion: 'apiextensions.crossplane.io/v1',
  kind: 'Composition',
  metadata: { name: 's3-bucket-1.0.0', labels: { 'platter.dev/cloud-class': 's3-bucket' } },
  spec: {
    compositeTypeRef: { apiVersion: 'platform.example.org/v1alpha1', kind: 'XBucket' },
    writeConnectionSecretsToNamespace: 'crossplane-system',
    mode: 'Pipeline',
    pipeline: [
      {
        step: 'patch-and-transform',
        functionRef: { name: 'function-patch-and-transform' },
        input: {
          apiVersion: 'pt.fn.crossplane.io/v1beta1',
          kind: 'Resources',
          resources: [
            {
              name: 'bucket',
              base: {
                apiVersion: 's3.aws.upbound.io/v1beta1',
                kind: 'Bucket',
                spec: { forProvider: { region: 'eu-west-1' } },
              },
              patches: [
                {
                  type: 'FromCompositeFieldPath',
                  fromFieldPath: 'spec.parameters.region',
                  toFieldPath: 'spec.forProvider.region',
                },
                // The claim's deletionPolicy is what the managed resource does when the claim goes.
                {
                  type: 'FromCompositeFieldPath',
                  fromFieldPath: 'spec.parameters.deletionPolicy',
                  toFieldPath: 'spec.deletionPolicy',
                },
              ],
            },
          ],
        },
      },
    ],
  },
};

const platformKustomization = {
  apiVersion: 'kustomize.config.k8s.io/v1beta1',
  kind: 'Kustomization',
  resources: ['definition.yaml', 'composition.yaml'],
};

// A module of the shape the class promises: its variables are the class's parameters, its outputs the Secret's keys.
const POSTGRES_MODULE = `# The postgres class's module (example): variables are the class's parameters, outputs
# the keys of the connection Secret the Terraform controller writes.
variable "storageGb" { type = number }
variable "instanceClass" { type = string }
variable "backups" { type = bool }
variable "highAvailability" { type = bool }

resource "random_password" "db" {
  length = 32
}

output "host" { value = "postgres.internal" }
output "port" { value = "5432" }
output "database" { value = "app" }
output "username" { value = "app" }
output "password" {
  value     = random_password.db.result
  sensitive = true
}
`;

/** The example's cloud files by path. */
export const EXAMPLE_CLOUD_FILES: Readonly<Record<string, string>> = {
  [cloudLayout.classFile('postgres', '2.1.0')]: toYaml(postgres),
  [`${cloudLayout.versionDir('postgres', '2.1.0')}/module/main.tf`]: POSTGRES_MODULE,
  [cloudLayout.classFile('s3-bucket', '1.0.0')]: toYaml(s3Bucket),
  [`${cloudLayout.versionDir('s3-bucket', '1.0.0')}/platform/kustomization.yaml`]: toYaml(platformKustomization),
  [`${cloudLayout.versionDir('s3-bucket', '1.0.0')}/platform/definition.yaml`]: toYaml(xrd),
  [`${cloudLayout.versionDir('s3-bucket', '1.0.0')}/platform/composition.yaml`]: toYaml(composition),
};
