# syntax=docker/dockerfile:1

# ---- build -------------------------------------------------------------------
# The build needs no system protoc: build.rs compiles proto/ with protox.
FROM rust:1.95-bookworm AS builder
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /src
COPY . .
# Cache mounts keep the crate registry and target dir between builds; the binary
# is copied out of the cached target dir inside the same step, stripped.
# /rootfs gets the binary and the shared libraries it links (glibc, libm,
# libgcc_s and the loader, as ldd lists them): all the runtime needs.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked \
    && install -D -s -m 0755 target/release/matn /rootfs/usr/local/bin/matn \
    && ldd /rootfs/usr/local/bin/matn | grep -o '/[^ ]*' \
       | xargs -I{} cp --parents -L {} /rootfs

# ---- runtime -----------------------------------------------------------------
# Nothing but the binary and its libraries: about 18.5 MB (benches/RESULTS.md).
# No shell, no package manager, no files written: a read-only root filesystem
# works (`docker run --read-only`, Kubernetes `readOnlyRootFilesystem: true`).
FROM scratch
COPY --from=builder /rootfs/ /
# A numeric user: the image has no /etc/passwd.
USER 10001:10001
ENV MATN_LISTEN=0.0.0.0:50051 \
    MATN_HEALTH_ADDR=http://127.0.0.1:50051
EXPOSE 50051
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/matn", "health"]
# Exec form: matn is PID 1 and receives SIGTERM directly for a graceful stop.
ENTRYPOINT ["/usr/local/bin/matn"]
CMD ["serve"]
