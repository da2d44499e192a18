# The voices as an OCI image, for the Helm chart's default weights source (an init container copies /voices into
# the pod): docker build -f deploy/voices.Dockerfile -t REGISTRY/ttsserve-voices:0.1.0 .
# Add your own voices under weights/ (one folder per voice with its voice.yaml) before building.
FROM busybox:1.37
COPY weights/ /voices/
RUN rm -f /voices/README.md
USER 10001
