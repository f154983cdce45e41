import * as aws from "../internal/aws";
import * as pulumi from "@pulumi/pulumi";
import { Tags } from "../internal/tags";

/**
 * An ACM certificate for `domain`, validated through a DNS record in the
 * Route 53 hosted zone. Returns the validated ARN, so that a listener using it
 * waits until ACM has issued the certificate.
 */
export function createDnsValidatedCertificate(
  name: string,
  domain: string,
  hostedZoneId: pulumi.Input<string>,
  tags: Tags,
  opts: pulumi.CustomResourceOptions,
): { certificate: aws.acm.Certificate; validatedArn: pulumi.Output<string> } {
  const certificate = new aws.acm.Certificate(
    name,
    { domainName: domain, validationMethod: "DNS", keyAlgorithm: "EC_prime256v1", tags },
    opts,
  );
  // One domain gives exactly one validation record; its name and value are known only after ACM answers.
  const option = certificate.domainValidationOptions.apply((options) => options[0]);
  const record = new aws.route53.Record(
    `${name}-validation`,
    {
      zoneId: hostedZoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl: 300,
      allowOverwrite: true,
    },
    { ...opts, parent: certificate },
  );
  const validation = new aws.acm.CertificateValidation(
    name,
    { certificateArn: certificate.arn, validationRecordFqdns: [record.fqdn] },
    { ...opts, parent: certificate },
  );
  return { certificate, validatedArn: validation.certificateArn };
}
