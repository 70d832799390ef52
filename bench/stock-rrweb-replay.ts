/**
 * @module bench/stock-rrweb-replay
 * rrweb's Replayer and nothing else: bench/bundle-size.ts builds it with
 * tutorial.js's own Vite settings as the baseline of the tutorial embed's size
 * (what is left is lit, the player's controller and the embed itself).
 */
export { Replayer } from 'rrweb';
