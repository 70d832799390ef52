/**
 * @module shared/serialized-node
 * A node of an rrweb snapshot or mutation as the event rewriters read it:
 * every field optional, attributes of any value, since recorded events come
 * from customers' pages and are walked without trusting their shape. Used by
 * the offline rewrite of tutorial events and the server's asset addresses.
 */
export type NodeAttributes = Record<string, unknown>;

export interface SerializedNode {
  id?: number;
  type?: number;
  tagName?: string;
  attributes?: NodeAttributes;
  childNodes?: SerializedNode[];
  textContent?: string;
  isStyle?: boolean;
}
