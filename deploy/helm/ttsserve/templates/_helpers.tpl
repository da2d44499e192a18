{{/* Names and labels, as `helm create` lays them out. */}}
{{- define "ttsserve.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "ttsserve.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "ttsserve.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ttsserve.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "ttsserve.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "ttsserve.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "ttsserve.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "ttsserve.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The profile: a shipped one (files/configs/<name>.yaml) with config.settings merged over it. */}}
{{- define "ttsserve.profileName" -}}
{{- if .Values.gpu.enabled -}}{{ .Values.config.profile }}{{- else -}}{{ .Values.config.cpuProfile }}{{- end -}}
{{- end -}}

{{- define "ttsserve.config" -}}
{{- $name := include "ttsserve.profileName" . -}}
{{- $file := .Files.Get (printf "files/configs/%s.yaml" $name) -}}
{{- if not $file -}}
{{- fail (printf "config profile %q is not one of the shipped profiles (files/configs/*.yaml)" $name) -}}
{{- end -}}
{{- $profile := fromYaml $file -}}
{{- mergeOverwrite $profile (deepCopy .Values.config.settings) | toYaml -}}
{{- end -}}

{{- define "ttsserve.apiKeysSecret" -}}
{{- if .Values.apiKeys.existingSecret -}}{{ .Values.apiKeys.existingSecret }}{{- else -}}{{ include "ttsserve.fullname" . }}-api-keys{{- end -}}
{{- end -}}

{{- define "ttsserve.apiKeysEnabled" -}}
{{- if or .Values.apiKeys.existingSecret .Values.apiKeys.keys -}}true{{- end -}}
{{- end -}}

{{/* Seconds the kubelet waits after preStop starts: preStop sleep + the engine's drain + its 5 s write-out + 5 s. */}}
{{- define "ttsserve.terminationGrace" -}}
{{- add (int .Values.drain.preStopSleepSeconds) (int .Values.drain.shutdownGraceSeconds) 10 -}}
{{- end -}}

{{- define "ttsserve.promQuery" -}}
{{- if .Values.autoscaling.prometheus.query -}}
{{- .Values.autoscaling.prometheus.query -}}
{{- else -}}
{{- printf "sum(ttsserve_jobs_in_flight{namespace=%q,pod=~%q})" .Release.Namespace (printf "%s-[a-z0-9]+-[a-z0-9]+" (include "ttsserve.fullname" .)) -}}
{{- end -}}
{{- end -}}
