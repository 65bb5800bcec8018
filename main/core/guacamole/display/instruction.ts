/**
 * What the software display reads from an instruction: the parser's RawInstruction satisfies it, and
 * viewOf wraps already-split elements (tests, text chunks).
 */
export interface InstructionView {
  opcode: string;
  argCount: number;
  arg(i: number): string;
  num(i: number): number;
  argBytes(i: number): Uint8Array;
}

const encoder = new TextEncoder();

export function viewOf(opcode: string, args: readonly string[]): InstructionView {
  return {
    opcode,
    argCount: args.length,
    arg: (i) => args[i] ?? '',
    num: (i) => {
      const text = args[i];
      return text === undefined || text.trim() === '' ? NaN : Number(text);
    },
    argBytes: (i) => encoder.encode(args[i] ?? ''),
  };
}

/** guacamole-common-js reads integers with parseInt: "12.7" is 12, "" and "x" are NaN. */
export function intArg(ins: InstructionView, i: number): number {
  const n = ins.num(i);
  if (Number.isFinite(n)) return Math.trunc(n);
  return parseInt(ins.arg(i), 10);
}

/** parseFloat, as the library reads angles and matrices. */
export function floatArg(ins: InstructionView, i: number): number {
  const n = ins.num(i);
  return Number.isFinite(n) ? n : parseFloat(ins.arg(i));
}
