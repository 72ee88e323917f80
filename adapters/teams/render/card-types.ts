/**
 * The slice of the Adaptive Card 1.5 schema this adapter emits. Kept as plain JSON shapes (no SDK
 * types) so the renderer stays independent of the Teams library generation.
 */

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  size?: 'Small' | 'Default' | 'Medium' | 'Large';
  weight?: 'Default' | 'Bolder';
  color?: 'Default' | 'Attention' | 'Good' | 'Accent';
  isSubtle?: boolean;
  fontType?: 'Monospace';
  style?: 'heading';
  spacing?: 'None' | 'Small' | 'Medium';
  separator?: boolean;
}

export interface FactSet {
  type: 'FactSet';
  facts: { title: string; value: string }[];
  separator?: boolean;
}

export interface Container {
  type: 'Container';
  items: CardElement[];
  style?: 'emphasis' | 'accent';
  separator?: boolean;
}

export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: SubmitData;
  style?: 'positive' | 'destructive';
  /** `none` keeps a plain button from validating or sending the card's inputs. */
  associatedInputs?: 'auto' | 'none';
}

export interface ShowCardAction {
  type: 'Action.ShowCard';
  title: string;
  card: AdaptiveCard;
  style?: 'positive' | 'destructive';
}

export type CardAction = SubmitAction | ShowCardAction;

export interface ActionSet {
  type: 'ActionSet';
  actions: CardAction[];
  separator?: boolean;
}

interface InputBase {
  id: string;
  label: string;
  isRequired?: boolean;
  errorMessage?: string;
  spacing?: 'None' | 'Small' | 'Medium';
}

export interface TextInput extends InputBase {
  type: 'Input.Text';
  value?: string;
  placeholder?: string;
  maxLength?: number;
  isMultiline?: boolean;
}

export interface DateInput extends InputBase {
  type: 'Input.Date';
  value?: string;
}

export interface TimeInput extends InputBase {
  type: 'Input.Time';
  value?: string;
}

export interface ChoiceSetInput extends InputBase {
  type: 'Input.ChoiceSet';
  choices: { title: string; value: string }[];
  value?: string;
  placeholder?: string;
  style: 'compact' | 'expanded' | 'filtered';
  /** Teams' dynamic typeahead: choices beyond `choices` are searched through an `application/search` invoke. */
  'choices.data'?: { type: 'Data.Query'; dataset: string };
}

export type CardInput = TextInput | DateInput | TimeInput | ChoiceSetInput;

export type CardElement = TextBlock | FactSet | Container | ActionSet | CardInput;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema?: string;
  version: string;
  body: CardElement[];
  fallbackText?: string;
  msteams?: { width: 'Full' };
}

/**
 * What an `Action.Submit` carries back. Buttons: `verb` (the namespaced action) and `value`.
 * Forms add `ansvarForm` / `ansvarState`; Teams merges the inputs' values in by input id.
 */
export interface SubmitData {
  verb: string;
  value?: string;
  ansvarForm?: string;
  ansvarState?: string;
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
