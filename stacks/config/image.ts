import { isPinnedImage } from "../../components/internal/image-reference";
import { text } from "./schema";

const NOT_PINNED = "is not a pinned image (expected registry/repository:tag or @sha256:digest, not :latest)";

/**
 * An image reference pinned to a tag or digest; `latest` and untagged images
 * are refused. The colours' images in `platform:compute` use it, and so does
 * `npm run release` for `--image`: a module of its own, so that the release
 * command's argument check loads zod alone, not the SDK the rest of the
 * compute schema brings.
 */
export const pinnedImage = text(NOT_PINNED).refine(isPinnedImage, NOT_PINNED);
