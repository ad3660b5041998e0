// Types for the one undici module we import by path (see probe/http1.ts): the same class undici's index exports.
declare module 'undici/lib/dispatcher/client.js' {
  import { Client } from 'undici';
  export default Client;
}
