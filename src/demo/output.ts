/**
 * How the demo talks: section headings, indented lines and timestamped events on stdout.
 * Colour only when stdout is a terminal (and NO_COLOR is unset), so piped output stays plain.
 */
export class Printer {
  private readonly color: boolean;
  private readonly startMs = Date.now();

  constructor(private readonly stream: NodeJS.WriteStream = process.stdout) {
    this.color = stream.isTTY === true && process.env.NO_COLOR === undefined;
  }

  section(title: string): void {
    this.stream.write(`\n${this.paint('1', `== ${title}`)}\n`);
  }

  line(text = '', indent = 2): void {
    this.stream.write(`${' '.repeat(indent)}${text}\n`);
  }

  note(text: string): void {
    this.stream.write(`  ${this.paint('33', `note: ${text}`)}\n`);
  }

  error(text: string): void {
    this.stream.write(`  ${this.paint('31', text)}\n`);
  }

  /** One pub/sub message: `+12.3s vigil-2  +switch-master  mymaster 127.0.0.1 ...`. */
  event(source: string, channel: string, message: string): void {
    this.stream.write(`${this.stamp(Date.now()).padStart(8)} ${source.padEnd(10)} ${this.paint('36', channel.padEnd(16))} ${message}\n`);
  }

  /** A periodic status line among the events: `+12.0s writer   100 acknowledged (...)`. */
  status(source: string, text: string, good: boolean): void {
    this.stream.write(`${this.stamp(Date.now()).padStart(8)} ${source.padEnd(10)} ${this.paint(good ? '32' : '31', text)}\n`);
  }

  /** A Date.now() value on the demo's clock, as the event lines show it: `+12.3s`. */
  stamp(atMs: number): string {
    return `+${((atMs - this.startMs) / 1000).toFixed(1)}s`;
  }

  private paint(code: string, text: string): string {
    return this.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }
}
