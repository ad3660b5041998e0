// Types for dns-packet's rcode table, which @types/dns-packet does not cover (the lab folds rcodes into flags).
declare module 'dns-packet/rcodes.js' {
  const rcodes: {
    /** 'SERVFAIL' → 2; unknown names → 0 (NOERROR). */
    toRcode(code: string): number;
    /** 2 → 'SERVFAIL'; out-of-range values → 'RCODE_<n>'. */
    toString(rcode: number): string;
  };
  export default rcodes;
}
