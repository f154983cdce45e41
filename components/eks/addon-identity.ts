/**
 * How the managed add-ons get their IAM roles: a Pod Identity association
 * per add-on, for its service account. Pure, so the config schema checks the
 * same versions the component does.
 */

/** Namespace of the managed add-ons' service accounts. */
export const ADDON_NAMESPACE = "kube-system";
/** Service account of the VPC CNI daemonset (https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html). */
export const VPC_CNI_SERVICE_ACCOUNT = "aws-node";
/** Service account of the EBS CSI controller. */
export const EBS_CSI_SERVICE_ACCOUNT = "ebs-csi-controller-sa";

/**
 * The first version of each managed add-on that takes a Pod Identity
 * association (https://docs.aws.amazon.com/eks/latest/userguide/retreive-iam-info.html);
 * the add-ons get their IAM roles no other way here.
 */
export const POD_IDENTITY_MINIMUM_ADDON_VERSIONS = { vpcCni: "v1.15.5-eksbuild.1", ebsCsiDriver: "v1.26.0-eksbuild.1" } as const;

/** Add-on versions (`vX.Y.Z-eksbuild.N`) older than the first that takes a Pod Identity association. */
export function podIdentityAddonVersionProblems(versions: { readonly vpcCni?: string; readonly ebsCsiDriver?: string }): { key: string; value: string; allowed: string }[] {
  return Object.entries(POD_IDENTITY_MINIMUM_ADDON_VERSIONS)
    .filter(([key, minimum]) => {
      const version = versions[key as keyof typeof versions];
      return version !== undefined && compareAddonVersions(version, minimum) < 0;
    })
    .map(([key, minimum]) => ({
      key,
      value: versions[key as keyof typeof versions]!,
      allowed: `${minimum} or later (the add-on gets its IAM role through a Pod Identity association)`,
    }));
}

function compareAddonVersions(a: string, b: string): number {
  const parts = (v: string) => (v.match(/\d+/g) ?? []).map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}
