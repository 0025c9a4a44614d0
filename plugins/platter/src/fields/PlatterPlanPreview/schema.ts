import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * PlatterPlanPreview: value `{ requestHash, review, changedFiles }`
 * (PlatterPlanPreviewValue), what the user saw before submitting. ui:options
 * (`kind`, `request`, `mapping`, `omit`) are documented in buildPlanRequest.ts.
 */
export const PlatterPlanPreviewFieldSchema = makeFieldSchema({
  output: (z) =>
    z.object({
      requestHash: z.string().optional().describe('Identity of the planned request'),
      review: z.enum(['direct', 'platform-review']).optional().describe('Review path of the plan'),
      changedFiles: z.array(z.string()).optional().describe('Repository paths the plan changes'),
      refused: z.array(z.string()).optional().describe('Codes of the findings when the plan was refused'),
    }),
  uiOptions: (z) =>
    z.object({
      kind: z.string().describe('Change request kind, e.g. OnboardApp'),
      request: z.record(z.unknown()).optional().describe('Constant request fields'),
      mapping: z
        .record(z.string())
        .optional()
        .describe('Form field (or path) -> request field path ("." merges, "list[].x" makes a list)'),
      omit: z.array(z.string()).optional().describe('Form fields never sent'),
    }),
});
