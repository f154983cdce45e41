/**
 * An image reference as Docker parses it (`reference.go` and `regexp.go` of distribution/reference):
 * `[domain[:port]/]path[/path...][:tag][@digest]`, each path component lower-case letters and digits joined
 * by `.`, `_`, `__` or dashes, a tag of up to 128 word characters, dots and dashes that does not start with a
 * dot or dash. The digest is the one form ECR and Docker Hub give: `sha256:` and 64 lower-case hex digits.
 * Anything else is accepted by the update and fails only when a task or pod pulls it ("invalid reference
 * format").
 */
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const DOMAIN_COMPONENT = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";
const IMAGE_REFERENCE = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::(?<tag>\\w[\\w.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$`,
);

/** A valid reference pinned by its digest, or by a tag other than `latest`; untagged references float to `latest`. */
export function isPinnedImage(image: string): boolean {
  const groups = IMAGE_REFERENCE.exec(image)?.groups;
  return groups !== undefined && (groups.digest !== undefined || (groups.tag !== undefined && groups.tag !== "latest"));
}
