import type { NewComment } from '../adapters/storage-adapter.js';
import { isHttpUrl } from './http-url.js';
import { LIMITS } from './limits.js';

/** One problem with one field of a new comment. The UI turns `problem` into a localized message. */
export interface ValidationIssue {
  field: 'body' | 'author.name' | 'author.website' | 'threadId' | 'parentId';
  problem: 'empty' | 'too-long' | 'bad-url';
}

/** Checks a new comment against {@link LIMITS}; an empty array means it is valid. */
export function validateNewComment(input: NewComment): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const body = typeof input.body === 'string' ? input.body : '';
  if (body.trim() === '') issues.push({ field: 'body', problem: 'empty' });
  else if (body.length > LIMITS.bodyMax) issues.push({ field: 'body', problem: 'too-long' });
  const name = typeof input.author?.name === 'string' ? input.author.name : '';
  if (name.length > LIMITS.nameMax) issues.push({ field: 'author.name', problem: 'too-long' });
  const website = input.author?.website;
  if (website !== undefined && website !== '') {
    if (typeof website !== 'string' || !isHttpUrl(website)) issues.push({ field: 'author.website', problem: 'bad-url' });
    else if (website.length > LIMITS.websiteMax) issues.push({ field: 'author.website', problem: 'too-long' });
  }
  if (typeof input.threadId !== 'string' || input.threadId === '') issues.push({ field: 'threadId', problem: 'empty' });
  else if (input.threadId.length > LIMITS.threadIdMax) issues.push({ field: 'threadId', problem: 'too-long' });
  if (input.parentId !== null && (typeof input.parentId !== 'string' || input.parentId === '')) {
    issues.push({ field: 'parentId', problem: 'empty' });
  }
  return issues;
}
