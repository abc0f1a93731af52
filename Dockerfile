# syntax=docker/dockerfile:1

# The Rust image the binary is built in. Docker resolves this short name
# itself; podman and buildah need a short-name alias in registries.conf, or the
# image's fully qualified name given here (--build-arg RUST_IMAGE=...).
ARG RUST_IMAGE=rust:1.95-bookworm
# Where the runtime's files come from: `built` (the build stage below) or
# `prebuilt` (a rootfs/ directory in the build context, made from a binary
# built elsewhere by deploy/container/rootfs.sh; CI does this, so its image
# needs no registry at all).
ARG ROOTFS=built

# ---- build -------------------------------------------------------------------
# The build needs no system protoc: build.rs compiles proto/ with protox.
FROM ${RUST_IMAGE} AS builder
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /src
COPY . .
# Cache mounts keep the crate registry and target dir between builds; the binary
# is copied out of the cached target dir inside the same step, with the
# libraries it links, into /rootfs.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked \
    && deploy/container/rootfs.sh target/release/matn /rootfs

FROM scratch AS built
COPY --from=builder /rootfs/ /

FROM scratch AS prebuilt
COPY rootfs/ /

# ---- runtime -----------------------------------------------------------------
# Nothing but the binary and its libraries: about 27 MB (benches/RESULTS.md).
# No shell, no package manager, no files written: a read-only root filesystem
# works (`docker run --read-only`, Kubernetes `readOnlyRootFilesystem: true`).
FROM ${ROOTFS}
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
