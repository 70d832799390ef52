/**
 * @module client/player/stage-fit
 * The recorded viewport scaled to fit the stage it is shown on, centered,
 * never enlarged: the one layout rule of every replay stage.
 */

/** Sizes and places `mount` (the Replayer's root) inside a stage of `stage` CSS px; answers the scale. */
export function fitToStage(
  mount: HTMLElement,
  stage: { width: number; height: number },
  viewport: { width: number; height: number },
  pad = 16,
): number {
  const scale = Math.min((stage.width - pad * 2) / viewport.width, (stage.height - pad * 2) / viewport.height, 1);
  const left = Math.round((stage.width - viewport.width * scale) / 2);
  const top = Math.round((stage.height - viewport.height * scale) / 2);
  mount.style.width = `${viewport.width}px`;
  mount.style.height = `${viewport.height}px`;
  mount.style.transform = `translate(${left}px, ${top}px) scale(${scale})`;
  return scale;
}
