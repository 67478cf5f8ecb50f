package io.haven.selfbackup;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Tagging;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

/**
 * Puts and copies archives of any size: one PutObject or CopyObject up to a part's size, a multipart upload (or a
 * multipart copy, part by part in S3) above it. S3 takes at most 5 GiB in one PutObject or CopyObject and at most
 * 10,000 parts, so the part grows with the archive. A multipart upload that fails is aborted, so that no invisible
 * parts stay billed in the bucket.
 */
final class ArchiveTransfer {

    /** S3's smallest part (but the last). */
    static final long MIN_PART_BYTES = 5L << 20;
    /** Parts of 64 MiB: an archive of up to 64 MiB goes in one request, a 5 GiB one in 80 parts. */
    static final long DEFAULT_PART_BYTES = 64L << 20;
    private static final int MAX_PARTS = 10_000;

    private final long partBytes;

    ArchiveTransfer(long partBytes) {
        this.partBytes = Math.max(MIN_PART_BYTES, partBytes);
    }

    /** The part size for an object of {@code bytes}: the configured one, or larger when 10,000 would not hold it. */
    long partSize(long bytes) {
        long needed = (bytes + MAX_PARTS - 1) / MAX_PARTS;
        long mib = 1L << 20;
        return Math.max(partBytes, (needed + mib - 1) / mib * mib);
    }

    /** @return how many parts the object went in (1: one PutObject) */
    int put(S3Client s3, String bucket, String key, Path file, Tagging tags) throws IOException {
        long bytes = Files.size(file);
        if (bytes <= partBytes) {
            s3.putObject(b -> b.bucket(bucket).key(key).contentLength(bytes).tagging(tags), RequestBody.fromFile(file));
            return 1;
        }
        return inParts(s3, bucket, key, bytes, tags, ChecksumAlgorithm.CRC32, (upload, number, offset, length) -> {
            var answer = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(upload).partNumber(number)
                    .contentLength(length).checksumAlgorithm(ChecksumAlgorithm.CRC32),
                    RequestBody.fromContentProvider(slice(file, offset, length), length, "application/octet-stream"));
            return CompletedPart.builder().partNumber(number).eTag(answer.eTag()).checksumCRC32(answer.checksumCRC32())
                    .build();
        });
    }

    /** Sends one part of a multipart upload and says what it became. */
    private interface PartSender {
        CompletedPart send(String upload, int number, long offset, long length);
    }

    /**
     * A multipart upload of {@code bytes} in parts of {@link #partSize}, aborted when a part fails.
     *
     * @param checksum the checksum the parts carry, or null for none (a copy inside S3)
     * @return how many parts
     */
    private int inParts(S3Client s3, String bucket, String key, long bytes, Tagging tags, ChecksumAlgorithm checksum,
                        PartSender sender) {
        String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).tagging(tags)
                .checksumAlgorithm(checksum)).uploadId();
        long part = partSize(bytes);
        List<CompletedPart> parts = new ArrayList<>();
        try {
            for (long offset = 0; offset < bytes; offset += part) {
                parts.add(sender.send(upload, parts.size() + 1, offset, Math.min(part, bytes - offset)));
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload)
                    .multipartUpload(m -> m.parts(parts)));
            return parts.size();
        } catch (RuntimeException e) {
            abort(s3, bucket, key, upload, e);
            throw e;
        }
    }

    /**
     * A part read from the file each time the SDK asks (it asks again on a retry), so that no part is held in a
     * heap of 512 MB.
     */
    private static ContentStreamProvider slice(Path file, long offset, long length) {
        return () -> {
            try {
                InputStream in = Files.newInputStream(file);
                in.skipNBytes(offset);
                return new FilterInputStream(in) {
                    private long left = length;

                    @Override
                    public int read() throws IOException {
                        if (left <= 0) {
                            return -1;
                        }
                        int b = super.read();
                        left -= b < 0 ? 0 : 1;
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int at, int count) throws IOException {
                        if (left <= 0) {
                            return -1;
                        }
                        int read = super.read(buffer, at, (int) Math.min(count, left));
                        left -= Math.max(read, 0);
                        return read;
                    }
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /**
     * Copies an object of {@code bytes} (from the source region's bucket into {@code s3}'s, which calls the
     * destination) with new tags.
     *
     * @return how many parts the copy went in (1: one CopyObject)
     */
    int copy(S3Client s3, String sourceBucket, String key, long bytes, String bucket, Tagging tags) {
        if (bytes <= partBytes) {
            s3.copyObject(b -> b.sourceBucket(sourceBucket).sourceKey(key).destinationBucket(bucket)
                    .destinationKey(key).taggingDirective(TaggingDirective.REPLACE).tagging(tags));
            return 1;
        }
        return inParts(s3, bucket, key, bytes, tags, null, (upload, number, offset, length) -> {
            String range = "bytes=" + offset + "-" + (offset + length - 1);
            var answer = s3.uploadPartCopy(b -> b.sourceBucket(sourceBucket).sourceKey(key).destinationBucket(bucket)
                    .destinationKey(key).uploadId(upload).partNumber(number).copySourceRange(range));
            return CompletedPart.builder().partNumber(number).eTag(answer.copyPartResult().eTag()).build();
        });
    }

    private static void abort(S3Client s3, String bucket, String key, String upload, Exception cause) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload));
        } catch (RuntimeException e) {
            cause.addSuppressed(e); // a lifecycle rule for incomplete uploads then removes the parts
        }
    }
}
