// How long ago something was, in the words of the official dry run (Rails' distance_of_time_in_words, as
// lib/pact_broker/date_helper.rb has it, English locale, without seconds).

const plural = (n: number, one: string, other: string) =>
  n === 1 ? one : other.replace('%{count}', String(n));

export function distanceOfTimeInWords(from: Date, to: Date): string {
  const seconds = Math.abs(to.getTime() - from.getTime()) / 1000;
  const minutes = Math.round(seconds / 60);
  if (minutes <= 1) return minutes === 0 ? 'less than a minute' : '1 minute';
  if (minutes < 45) return `${minutes} minutes`;
  if (minutes < 90) return 'about 1 hour';
  if (minutes < 1440) return plural(Math.round(minutes / 60), 'about 1 hour', 'about %{count} hours');
  if (minutes < 2520) return '1 day';
  if (minutes < 43200) return plural(Math.round(minutes / 1440), '1 day', '%{count} days');
  if (minutes < 86400) return plural(Math.round(minutes / 43200), 'about 1 month', 'about %{count} months');
  if (minutes < 525600) return plural(Math.round(minutes / 43200), '1 month', '%{count} months');
  // Plain Ruby times (no ActiveSupport) skip the leap-day correction, so whole years are 525,600 minutes.
  const remainder = minutes % 525600;
  const years = Math.floor(minutes / 525600);
  if (remainder < 131400) return plural(years, 'about 1 year', 'about %{count} years');
  if (remainder < 394200) return plural(years, 'over 1 year', 'over %{count} years');
  return plural(years + 1, 'almost 1 year', 'almost %{count} years');
}
