/**
 * @module recorder/ask/ask-module
 * The "Ask for help" chunk's entry (see `load-ask.ts`): registers the form
 * element and hands the recorder the service behind it.
 */
import './ask-elements.ts';

export { AskService } from './ask-service.ts';
