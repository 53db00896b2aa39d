// Request bodies, validated at the edge with zod. Inside the server the types are trusted.
import { z } from 'zod';
import { Limits } from '../../shared/domain.ts';

const name = z.string().trim().min(1).max(Limits.labelChars);
/** A label set's name is a key of the layer's `docLabels` map, which takes only these (shared/update-inspect.ts). */
const labelSetName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a label set name is 1–64 letters, digits, - or _');
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colours are #rrggbb');

export const tagSchemaBody = z
  .object({
    spanLabels: z.array(z.object({ name, color, hotkey: z.string().regex(/^[0-9a-z]$/, 'a hotkey is one digit or lower-case letter').optional() })).min(1).max(200),
    relationTypes: z.array(z.object({ name, color: color.optional() })).max(100).default([]),
    docLabelSets: z
      .array(z.object({ name: labelSetName, choice: z.enum(['single', 'multiple']), values: z.array(name).min(1).max(200) }))
      .max(50)
      .default([]),
  })
  .superRefine((s, ctx) => {
    const dup = (xs: string[]) => xs.find((x, i) => xs.indexOf(x) !== i);
    const d1 = dup(s.spanLabels.map((l) => l.name));
    if (d1) ctx.addIssue({ code: 'custom', message: `span label "${d1}" appears twice` });
    const d2 = dup(s.spanLabels.flatMap((l) => (l.hotkey ? [l.hotkey] : [])));
    if (d2) ctx.addIssue({ code: 'custom', message: `hotkey "${d2}" is used by two labels` });
    const d3 = dup(s.relationTypes.map((r) => r.name));
    if (d3) ctx.addIssue({ code: 'custom', message: `relation type "${d3}" appears twice` });
    const d4 = dup(s.docLabelSets.map((r) => r.name));
    if (d4) ctx.addIssue({ code: 'custom', message: `label set "${d4}" appears twice` });
    for (const set of s.docLabelSets) {
      const d = dup(set.values);
      if (d) ctx.addIssue({ code: 'custom', message: `value "${d}" appears twice in "${set.name}"` });
    }
  });

export const loginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) });

export const userBody = z.object({
  username: z.string().regex(/^[A-Za-z0-9_.-]{2,32}$/, 'usernames are 2–32 letters, digits, dots, dashes or underscores'),
  password: z.string().min(8, 'passwords have at least 8 characters').max(200),
  displayName: z.string().trim().min(1).max(64).optional(),
  isAdmin: z.boolean().optional(),
});

export const projectBody = z.object({
  name: z.string().trim().min(1).max(200),
  guidelines: z.string().max(200_000).default(''),
  schema: tagSchemaBody,
  mode: z.enum(['collaborative', 'independent']).default('collaborative'),
  overlap: z.number().int().min(1).max(20).default(1),
});

export const projectPatch = z
  .object({
    name: z.string().trim().min(1).max(200),
    guidelines: z.string().max(200_000),
    schema: tagSchemaBody,
    mode: z.enum(['collaborative', 'independent']),
    overlap: z.number().int().min(1).max(20),
  })
  .partial()
  .strict();

export const memberBody = z.object({ role: z.enum(['owner', 'reviewer', 'annotator']) });

export const importQuery = z.object({
  format: z.string().max(32).default('text'),
  title: z.string().max(200).optional(),
  as: z.enum(['predictions', 'finished']).default('predictions'),
  annotator: z.string().max(64).optional(),
});
