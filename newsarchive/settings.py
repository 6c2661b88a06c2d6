"""Scrapy settings for newsarchive: polite defaults, archive components, NEWSARCHIVE_* knobs."""
from __future__ import annotations

from . import __version__

BOT_NAME = "newsarchive"
SPIDER_MODULES = ["newsarchive.spiders"]
NEWSPIDER_MODULE = "newsarchive.spiders"

# -- identity and politeness ---------------------------------------------------------------------------
# Who to contact about this crawler; shown in the User-Agent. Set it to your address or project page.
NEWSARCHIVE_CONTACT = "+https://github.com/newsarchive/newsarchive"
USER_AGENT = f"newsarchive/{__version__} (news archiving crawler; {NEWSARCHIVE_CONTACT})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
DOWNLOAD_DELAY_JITTER = 0.5               # ±50% around DOWNLOAD_DELAY
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3                       # 5xx and timeouts; the delay between tries grows (backoff below)
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
NEWSARCHIVE_RETRY_BACKOFF_BASE = 2.0  # seconds before the first retry, doubled for each further one
NEWSARCHIVE_RETRY_BACKOFF_MAX = 60.0
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False        # scrapy 2.19 would otherwise open a code-execution HTTP port
REFERER_ENABLED = True
DNS_TIMEOUT = 20

# -- crawl order: depth-first with article pages first keeps the queue (and memory) small ---------------
DEPTH_PRIORITY = 0
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"

# -- components -----------------------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newsarchive.downloadermiddlewares.retry.BackoffRetryMiddleware": 550,
    # sees every raw response first (before decompression, redirects and retries) to archive it
    "newsarchive.downloadermiddlewares.archive.WarcArchiveMiddleware": 890,
}
ITEM_PIPELINES = {
    "newsarchive.pipelines.versions.VersionPipeline": 100,
    "newsarchive.pipelines.validate.SchemaValidationPipeline": 200,
    "newsarchive.pipelines.jsonl.JsonlWriterPipeline": 300,
}
EXTENSIONS = {
    "newsarchive.extensions.templates.TemplateInduction": 490,  # before RunSummary: its counts go in the summary
    "newsarchive.extensions.summary.RunSummary": 500,
    "newsarchive.extensions.progress.ProgressLine": 510,
}

# -- newsarchive ------------------------------------------------------------------------------------------
NEWSARCHIVE_DATA_DIR = "data"               # output root (see README: data-dir layout)
NEWSARCHIVE_WARC_MAX_SIZE = 1024 ** 3       # rotate WARC files at ~1 GiB
NEWSARCHIVE_INDUCE = True                  # learn each template's extraction profile from its pages (README)
NEWSARCHIVE_INDUCE_MIN_PAGES = 20          # article pages of a template before its profile is induced
NEWSARCHIVE_FSYNC = True                    # fsync WARC and JSONL before committing state
NEWSARCHIVE_VALIDATE = True                 # check every record against the schema before writing
NEWSARCHIVE_MAX_ERROR_RATE = 0.25           # failed fetches / fetches above this: the run failed
NEWSARCHIVE_REVISIT_AFTER = None            # seconds; revisit archived articles this old (None: never)
NEWSARCHIVE_SINCE = None                    # YYYY-MM-DD: skip older articles, stop paginating past them
NEWSARCHIVE_FOLLOW_ARTICLE_LINKS = False    # lists are the index; article pages' related links are not followed
NEWSARCHIVE_LOCK = True                     # take the per-site lock (the CLI takes it itself)
NEWSARCHIVE_PROGRESS = False                # live progress line on a terminal (the CLI turns it on)
NEWSARCHIVE_WORKER_ID = None                # distributed workers: suffix for WARC and JSONL part files
NEWSARCHIVE_LOG_FILE = True                 # also log to <site>/logs/<run id>.log

# -- distributed crawling (newsarchive.distributed; README: distributed crawling) -----------------------
# REDIS_URL (or $NEWSARCHIVE_REDIS_URL, or `crawl --redis URL`) turns the crawl into a worker of a shared
# scrapy-redis crawl; the add-on switches SCHEDULER, DUPEFILTER_CLASS and the state store then.
ADDONS = {"newsarchive.distributed.addon.DistributedAddon": 0}
NEWSARCHIVE_REDIS_LEASE_TIMEOUT = 30.0     # seconds without a heartbeat before a worker's leased requests are redone
NEWSARCHIVE_REDIS_IDLE_CLOSE = 5.0         # seconds the shared frontier must stay exhausted before a worker exits
NEWSARCHIVE_REDIS_POLL = 0.25              # seconds between lease releases / engine wake-ups

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
