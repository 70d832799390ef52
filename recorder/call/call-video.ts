/**
 * @module recorder/call/call-video
 * A Lit directive that shows a MediaStream in a `<video>` (srcObject cannot
 * be set from a template attribute) and starts playback.
 */
import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

class StreamDirective extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('stream() goes on a <video> element');
  }

  override update(part: ElementPart, [stream]: [MediaStream | undefined]) {
    const video = part.element as HTMLVideoElement;
    if (video.srcObject !== (stream ?? null)) {
      video.srcObject = stream ?? null;
      if (stream) video.play().catch(() => {});
    }
    return noChange;
  }

  render(_stream: MediaStream | undefined) {
    return noChange;
  }
}

/** `<video ${stream(s)}>`: plays `s`. */
export const stream = directive(StreamDirective);
