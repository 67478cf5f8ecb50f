package io.haven.selfbackup;

import io.haven.api.permission.Feature;
import io.haven.api.permission.PermissionNeeds;
import io.haven.api.selfbackup.SelfBackup;
import io.haven.aws.iam.AwsPermissionNeeds;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * What the cpmdata policy's target type calls in S3 (guide 14.3; docs/iam/cpmdata.json holds the same list as a
 * policy). Both features are needed only by the account holding the cpmdata policy's bucket, so they are needed when
 * used, as the other types' DR copies are: an account that backs up only EC2 or RDS lacks them rightly.
 *
 * <p>S3 has no call that tells a permission without a bucket of the account (a made-up bucket is "not found" before
 * anything is authorized), so without IAM policy simulation the check leaves these actions unchecked.
 */
@Component(service = PermissionNeeds.class)
public final class HavenDataPermissions extends AwsPermissionNeeds {

    /**
     * The backup: HeadBucket when the target is added and ListObjectsV2 when a restart looks for an unrecorded
     * archive ({@code s3:ListBucket}); the bucket's Object Lock; PutObject or a multipart upload with tags, aborted
     * when a part fails; HeadObject to poll and GetObjectTagging to adopt; DeleteObject by retention.
     */
    static final List<String> BACKUP = List.of("s3:ListBucket", "s3:GetBucketObjectLockConfiguration", "s3:PutObject",
            "s3:PutObjectTagging", "s3:AbortMultipartUpload", "s3:GetObject", "s3:GetObjectTagging", "s3:DeleteObject");

    /**
     * DR copies into {@code <bucket>-<region>}: CopyObject (or UploadPartCopy) reads the source and writes the copy
     * with its tags, an aborted multipart copy; HeadObject polls the copy, ListObjectsV2 and GetObjectTagging find it
     * after a restart, DeleteObject removes it with its backup.
     */
    static final List<String> DR = List.of("s3:GetObject", "s3:PutObject", "s3:PutObjectTagging",
            "s3:AbortMultipartUpload", "s3:ListBucket", "s3:GetObjectTagging", "s3:DeleteObject");

    public HavenDataPermissions() {
        super(new Feature(SelfBackup.TARGET_TYPE + ".backup", "Back up Haven itself into its S3 bucket (the cpmdata "
                        + "policy)", false, BACKUP),
                new Feature(SelfBackup.TARGET_TYPE + ".dr", "Copy Haven's own backups to the buckets of other regions "
                        + "(disaster recovery of the cpmdata policy)", false, DR));
    }
}
