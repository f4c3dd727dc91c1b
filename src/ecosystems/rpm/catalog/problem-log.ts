/**
 * Collects the problems met while reading one database: the first `max` word for word,
 * the rest only counted, so a hostile file with millions of bad records costs no memory.
 */
export class ProblemLog {
  private readonly kept: string[] = [];
  private dropped = 0;

  constructor(private readonly max = 20) {}

  add(message: string): void {
    if (this.kept.length < this.max) this.kept.push(message);
    else this.dropped++;
  }

  /** The kept messages, plus one line counting the rest. */
  messages(): string[] {
    return this.dropped > 0 ? [...this.kept, `${this.dropped} more problems`] : [...this.kept];
  }
}
