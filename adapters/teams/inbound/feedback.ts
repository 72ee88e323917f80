import { MAX_INPUT_CHARS } from '../../../src/core/turn.js';

export interface FeedbackVote {
  vote: 'up' | 'down';
  text?: string;
}

/**
 * A Teams feedback-loop submission (`message/submitAction`, actionName `feedback`): like → up,
 * dislike → down, and the optional comment, which Teams sends as a JSON string
 * `{"feedbackText": "…"}` (older clients: an object).
 */
export function parseFeedback(
  actionValue: { reaction?: unknown; feedback?: unknown } | undefined,
): FeedbackVote | undefined {
  const vote =
    actionValue?.reaction === 'like' ? 'up' : actionValue?.reaction === 'dislike' ? 'down' : undefined;
  if (!vote) return undefined;
  const text = feedbackText(actionValue?.feedback);
  return text ? { vote, text } : { vote };
}

function feedbackText(feedback: unknown): string | undefined {
  let value: unknown = feedback;
  if (typeof feedback === 'string') {
    try {
      value = JSON.parse(feedback);
    } catch {
      return bounded(feedback);
    }
  }
  if (typeof value === 'object' && value !== null && 'feedbackText' in value) {
    const text = (value as { feedbackText: unknown }).feedbackText;
    if (typeof text === 'string') return bounded(text);
  }
  return undefined;
}

function bounded(text: string): string | undefined {
  return text.trim().slice(0, MAX_INPUT_CHARS) || undefined;
}
