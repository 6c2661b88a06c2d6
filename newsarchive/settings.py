"""Scrapy settings for newsarchive: polite defaults, archive components, NEWSARCHIVE_* knobs."""

from __future__ import annotations

from ._version import __version__

BOT_NAME = "newsarchive"
SPIDER_MODULES = ["newsarchive.spiders"]
NEWSPIDER_MODULE = "newsarchive.spiders"
COMMANDS_MODULE = (
    "newsarchive.scrapycommands"  # `scrapy crawl` exits non-zero on a failed run (Scrapyd sees it)
)
# Scrapy re-parses a callback's source on every response to warn about generators that return
# a value (its cache is keyed by the bound method, new for each request): ~2 ms per page, for
# a warning our callbacks never need
WARN_ON_GENERATOR_RETURN_VALUE = False

# -- identity and politeness ---------------------------------------------------------------------------
# Who to contact about this crawler; shown in the User-Agent (built from it by newsarchive.addons, also for
# -s NEWSARCHIVE_CONTACT=... and $NEWSARCHIVE_CONTACT). Set it to your address or project page.
NEWSARCHIVE_CONTACT = "+https://github.com/newsarchive/newsarchive"
USER_AGENT = f"newsarchive/{__version__} (news archiving crawler; {NEWSARCHIVE_CONTACT})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
DOWNLOAD_DELAY_JITTER = 0.5  # ±50% around DOWNLOAD_DELAY
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3  # 5xx and timeouts; the delay between tries grows (backoff below)
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
NEWSARCHIVE_RETRY_BACKOFF_BASE = 2.0  # seconds before the first retry, doubled for each further one
NEWSARCHIVE_RETRY_BACKOFF_MAX = 60.0
REDIRECT_MAX_TIMES = 5
NEWSARCHIVE_ROBOTSTXT_MAXSIZE = (
    512 * 1024
)  # bytes of a robots.txt read; the rules in that prefix apply
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # scrapy 2.19 would otherwise open a code-execution HTTP port
REFERER_ENABLED = True
DNS_TIMEOUT = 20

# -- crawl order: depth-first with article pages first keeps the queue (and memory) small ---------------
DEPTH_PRIORITY = 0
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"

# -- components -----------------------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # first: every request (start pages, redirects, retries, robots.txt) must stay on the crawl's hosts and ports
    "newsarchive.downloadermiddlewares.offsite.OffsiteGuard": 50,
    "newsarchive.downloadermiddlewares.traps.TrapGuard": 60,  # calendars far from today, endless lists
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newsarchive.downloadermiddlewares.robots.CappedRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newsarchive.downloadermiddlewares.retry.BackoffRetryMiddleware": 550,
    # below decompression/redirects/retries: extracts final article responses in worker processes
    "newsarchive.downloadermiddlewares.extraction.OffLoopExtraction": 540,
    # sees every raw response first (before decompression, redirects and retries) to archive it
    "newsarchive.downloadermiddlewares.archive.WarcArchiveMiddleware": 890,
}
ITEM_PIPELINES = {
    "newsarchive.pipelines.versions.VersionPipeline": 100,
    "newsarchive.pipelines.validate.SchemaValidationPipeline": 200,
    "newsarchive.pipelines.jsonl.JsonlWriterPipeline": 300,
}
EXTENSIONS = {
    # first: opens the archive before the other extensions' spider_opened handlers run, and closes it
    # after their spider_closed handlers; the other components find it with crawler.get_extension
    "newsarchive.extensions.archive.ArchiveExtension": 100,
    "newsarchive.extensions.templates.TemplateInduction": 490,  # before RunSummary: its counts go in the summary
    "newsarchive.extensions.summary.RunSummary": 500,
    "newsarchive.extensions.progress.ProgressLine": 510,
    "newsarchive.extensions.runstatus.WriteGuard": 520,
}

# -- newsarchive ------------------------------------------------------------------------------------------
NEWSARCHIVE_DATA_DIR = "data"  # output root (see README: data-dir layout)
NEWSARCHIVE_WARC_MAX_SIZE = 1024**3  # rotate WARC files at ~1 GiB
NEWSARCHIVE_WARC_THREAD = (
    True  # build WARC records (digests, gzip) in a writer thread, off the loop
)
NEWSARCHIVE_INDUCE = True  # learn each template's extraction profile from its pages (README)
NEWSARCHIVE_INDUCE_MIN_PAGES = 20  # article pages of a template before its profile is induced
NEWSARCHIVE_FSYNC = True  # fsync WARC and JSONL before committing state
NEWSARCHIVE_COMMIT_BATCH = (
    100  # records made durable together (one fsync each); a kill loses none committed
)
NEWSARCHIVE_COMMIT_SECONDS = 1.0  # ... and at least this often
NEWSARCHIVE_VALIDATE = True  # check every record against the schema before writing
NEWSARCHIVE_MAX_ERROR_RATE = 0.25  # failed fetches / fetches above this: the run failed
NEWSARCHIVE_REVISIT_AFTER = None  # seconds; revisit archived articles this old (None: never)
NEWSARCHIVE_SINCE = None  # YYYY-MM-DD: skip older articles, stop paginating past them
NEWSARCHIVE_PROBE_BUDGET = (
    200  # unclassified same-site links fetched per run for the engine to judge
)
NEWSARCHIVE_FOLLOW_ARTICLE_LINKS = (
    False  # lists are the index; article pages' related links are not followed
)
NEWSARCHIVE_LOCK = True  # take the per-site lock (the CLI takes it itself)
NEWSARCHIVE_PROGRESS = False  # live progress line on a terminal (the CLI turns it on)
NEWSARCHIVE_WORKER_ID = None  # distributed workers: suffix for WARC and JSONL part files
NEWSARCHIVE_LOG_FILE = True  # also log to <site>/logs/<run id>.log
NEWSARCHIVE_EXTRACT_OFFLOOP = (
    True  # extract article pages in worker processes, not on the event loop
)
NEWSARCHIVE_EXTRACT_PROCESSES = 0  # worker processes (0: min(2, CPUs))
NEWSARCHIVE_EXTRACT_TIMEOUT = 30.0  # seconds per page; over it: a record with a warning
NEWSARCHIVE_EXTRACT_MEMORY = 2 * 1024**3  # bytes of address space per worker process (RLIMIT_AS)
NEWSARCHIVE_DATE_WINDOW_YEARS = 50  # URLs dated before today - N years or after next year are traps
NEWSARCHIVE_MAX_LIST_PAGES = 0  # pages per list family (0: no limit; ad-hoc crawls get 500)

# -- distributed crawling (newsarchive.distributed; README: distributed crawling) -----------------------
# REDIS_URL (or $NEWSARCHIVE_REDIS_URL, or `crawl --redis URL`) turns the crawl into a worker of a shared
# scrapy-redis crawl; the add-on switches SCHEDULER, DUPEFILTER_CLASS and the state store then.
ADDONS = {
    "newsarchive.addons.OperatorAddon": 0,  # env vars, User-Agent from the contact, ad-hoc limits
    "newsarchive.distributed.addon.DistributedAddon": 1,
}
NEWSARCHIVE_REDIS_LEASE_TIMEOUT = (
    30.0  # seconds without a heartbeat before a worker's leased requests are redone
)
NEWSARCHIVE_REDIS_IDLE_CLOSE = (
    5.0  # seconds the shared frontier must stay exhausted before a worker exits
)
NEWSARCHIVE_REDIS_POLL = 0.25  # seconds between lease releases / engine wake-ups

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
