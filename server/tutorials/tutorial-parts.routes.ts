/**
 * @module server/tutorials/tutorial-parts.routes
 * Editing a tutorial's parts (`/api/tutorials/:id/…`, `tutorials.write`):
 * steps (add, rename and body, reorder, merge, split, delete), chapters,
 * annotations and redactions. Each answers the whole tutorial as stored
 * after the change. The tutorial is looked up before the body is read, so
 * another organisation's id is a 404 whatever the body. Adding redactions
 * is audited.
 */
import { Hono } from 'hono';
import { readJson } from '../lib/request.ts';
import {
  annotationCreateSchema,
  chapterCreateSchema,
  chapterUpdateSchema,
  redactionCreateSchema,
  stepCreateSchema,
  stepMergeSchema,
  stepReorderSchema,
  stepSplitSchema,
  stepUpdateSchema,
} from '../../protocol/tutorials.ts';
import type { AppDeps } from '../types.ts';
import { tutorialAnswer, tutorialRouteKit } from './tutorial-route-kit.ts';
import {
  addAnnotation,
  addChapter,
  addRedactions,
  deleteAnnotation,
  deleteChapter,
  deleteRedaction,
  renameChapter,
} from './part-service.ts';
import { addStep, deleteStep, mergeSteps, reorderSteps, splitStep, updateStep } from './step-service.ts';

const created = { 201: tutorialAnswer };

export function tutorialPartsRoutes(deps: AppDeps) {
  const { onTutorial, existing, partId, answer, audited } = tutorialRouteKit(deps);
  const write = 'tutorials.write' as const;

  return new Hono()
    .post('/:id/steps', ...onTutorial('Add a step', write, { body: stepCreateSchema, responses: created }), async (c) => {
      const row = await existing(c);
      await addStep(c.get('scope'), row, await readJson(c, stepCreateSchema));
      return answer(c, row.id, 201);
    })
    .post('/:id/steps/reorder', ...onTutorial('Put the steps in a new order', write, { body: stepReorderSchema }), async (c) => {
      const row = await existing(c);
      await reorderSteps(c.get('scope'), row, (await readJson(c, stepReorderSchema)).stepIds);
      return answer(c, row.id);
    })
    .post('/:id/steps/merge', ...onTutorial('Merge neighbouring steps into the first', write, { body: stepMergeSchema }), async (c) => {
      const row = await existing(c);
      const { stepIds, title } = await readJson(c, stepMergeSchema);
      await mergeSteps(c.get('scope'), row, stepIds, title);
      return answer(c, row.id);
    })
    .patch(
      '/:id/steps/:stepId',
      ...onTutorial('Rename a step, change its body or chapter', write, { parts: ['stepId'], body: stepUpdateSchema }),
      async (c) => {
        const row = await existing(c);
        const stepId = partId(c, 'stepId');
        await updateStep(c.get('scope'), row, stepId, await readJson(c, stepUpdateSchema));
        return answer(c, row.id);
      },
    )
    .post(
      '/:id/steps/:stepId/split',
      ...onTutorial('Split a step at a time: the rest becomes a new step after it', write, {
        parts: ['stepId'],
        body: stepSplitSchema,
        responses: created,
      }),
      async (c) => {
        const row = await existing(c);
        const stepId = partId(c, 'stepId');
        const { t, title } = await readJson(c, stepSplitSchema);
        await splitStep(c.get('scope'), row, stepId, t, title);
        return answer(c, row.id, 201);
      },
    )
    .delete('/:id/steps/:stepId', ...onTutorial('Delete a step', write, { parts: ['stepId'] }), async (c) => {
      const row = await existing(c);
      await deleteStep(c.get('scope'), row, partId(c, 'stepId'));
      return answer(c, row.id);
    })
    .post(
      '/:id/chapters',
      ...onTutorial('Add a chapter (and put steps in it)', write, { body: chapterCreateSchema, responses: created }),
      async (c) => {
        const row = await existing(c);
        await addChapter(c.get('scope'), row, await readJson(c, chapterCreateSchema));
        return answer(c, row.id, 201);
      },
    )
    .patch(
      '/:id/chapters/:chapterId',
      ...onTutorial('Rename a chapter', write, { parts: ['chapterId'], body: chapterUpdateSchema }),
      async (c) => {
        const row = await existing(c);
        const chapterId = partId(c, 'chapterId');
        await renameChapter(c.get('scope'), row, chapterId, (await readJson(c, chapterUpdateSchema)).title);
        return answer(c, row.id);
      },
    )
    .delete('/:id/chapters/:chapterId', ...onTutorial('Delete a chapter (its steps stay)', write, { parts: ['chapterId'] }), async (c) => {
      const row = await existing(c);
      await deleteChapter(c.get('scope'), row, partId(c, 'chapterId'));
      return answer(c, row.id);
    })
    .post(
      '/:id/annotations',
      ...onTutorial('Add a callout, highlight or arrow to a step or a moment', write, { body: annotationCreateSchema, responses: created }),
      async (c) => {
        const row = await existing(c);
        await addAnnotation(c.get('scope'), row, await readJson(c, annotationCreateSchema));
        return answer(c, row.id, 201);
      },
    )
    .delete('/:id/annotations/:annotationId', ...onTutorial('Delete an annotation', write, { parts: ['annotationId'] }), async (c) => {
      const row = await existing(c);
      await deleteAnnotation(c.get('scope'), row, partId(c, 'annotationId'));
      return answer(c, row.id);
    })
    .post(
      '/:id/redactions',
      ...onTutorial('Hide elements, replace texts, or keep detected values on purpose', write, {
        body: redactionCreateSchema,
        responses: created,
      }),
      async (c) => {
        const row = await existing(c);
        const added = await addRedactions(c.get('scope'), row, await readJson(c, redactionCreateSchema));
        // Counts only: the audit log never holds the redacted values themselves.
        await audited(c, 'tutorial.redaction_added', row.id, added);
        return answer(c, row.id, 201);
      },
    )
    .delete('/:id/redactions/:redactionId', ...onTutorial('Remove a redaction', write, { parts: ['redactionId'] }), async (c) => {
      const row = await existing(c);
      await deleteRedaction(c.get('scope'), row, partId(c, 'redactionId'));
      return answer(c, row.id);
    });
}
