/** Tags as AWS takes them: string keys to string values. */
export type Tags = Record<string, string>;

/**
 * Merges tags in one fixed order: `Name`, then the tags shared by the whole
 * stack, then the tags of this one resource. Later sets win, so a resource can
 * override a common tag but never lose its `Name`.
 *
 * Tags are passed explicitly on every taggable resource instead of through the
 * provider's `defaultTags`, because default tags only appear in `tagsAll` after
 * apply, and tests and policy checks run before that.
 */
export function mergeTags(name: string, common: Tags | undefined, ...perResource: (Tags | undefined)[]): Tags {
  return Object.assign({ Name: name }, common, ...perResource);
}
