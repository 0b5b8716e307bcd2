/** One text field and a button; submits the trimmed text. */
export function QueryForm(props: {
  name: string;
  label: string;
  initial: string;
  button: string;
  onSubmit(value: string): void;
}) {
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const value = new FormData(e.currentTarget).get(props.name);
        if (typeof value === 'string' && value.trim()) props.onSubmit(value.trim());
      }}
    >
      <input
        name={props.name}
        aria-label={props.label}
        placeholder={props.label}
        defaultValue={props.initial}
        size={40}
      />{' '}
      <button type="submit">{props.button}</button>
    </form>
  );
}
