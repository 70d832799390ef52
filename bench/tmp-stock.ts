export { record } from 'rrweb';
