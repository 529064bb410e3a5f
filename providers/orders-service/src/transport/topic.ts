// AMQP topic-exchange matching: `*` matches exactly one dot-separated word, `#` zero or more.

export function topicMatches(bindingKey: string, routingKey: string): boolean {
  const pattern = bindingKey.split('.');
  const words = routingKey.split('.');
  const match = (p: number, w: number): boolean => {
    if (p === pattern.length) return w === words.length;
    const part = pattern[p];
    if (part === '#') {
      for (let skip = w; skip <= words.length; skip++) if (match(p + 1, skip)) return true;
      return false;
    }
    if (w === words.length) return false;
    return (part === '*' || part === words[w]) && match(p + 1, w + 1);
  };
  return match(0, 0);
}
