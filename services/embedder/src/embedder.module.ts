import { Module, type DynamicModule } from '@nestjs/common';
import type { AnalyticsStore } from '@demand/analytics-store';
import type { EventBus } from '@demand/bus';
import { TextAnalysisService } from '@demand/contracts';
import { DirectoryModelStore } from '@demand/model-store';
import {
  ANALYTICS_STORE,
  analyticsStoreProvider,
  busTransportProvider,
  EVENT_BUS,
  eventBusProvider,
  grpcTransportProviders,
  LIFECYCLE,
  LOGGER,
  METRICS_REGISTRY,
  READINESS,
  ServiceRuntimeModule,
  type Lifecycle,
  type Readiness,
  type SharedInfrastructure,
} from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { Gauge, type Registry } from 'prom-client';
import { createVectorStore, type VectorStore } from '@demand/vector-store';
import { BusEmbeddingEventSink } from './adapters/bus-embedding-events.adapter.js';
import { followCatalog } from './adapters/bus-catalog-follower.adapter.js';
import { BusModelAnnouncements } from './adapters/bus-model-announcements.adapter.js';
import { ClickHouseTrainingCorpus } from './adapters/clickhouse-training-corpus.adapter.js';
import { loadSeedCorpus } from './adapters/seed-corpus.adapter.js';
import { CatalogTermsFile } from './adapters/catalog-terms-file.adapter.js';
import { ModelRepository } from './adapters/model-repository.adapter.js';
import { WorkerModelTrainer } from './adapters/worker-model-trainer.adapter.js';
import type { EmbedderConfig } from './config.js';
import { followForgottenUsers, ForgottenUsers } from '@demand/forgotten-users';
import { PrivacyConsumer } from './consumers/privacy.consumer.js';
import { TextIndexingConsumer } from './consumers/text-indexing.consumer.js';
import { TrainingRequestedConsumer } from './consumers/training-requested.consumer.js';
import { UserEraser } from './domain/user-eraser.js';
import { CatalogTerms } from './domain/catalog-terms.js';
import { CatalogItems } from './domain/catalog-items.js';
import { Collections } from './domain/collections.js';
import { TextAnalyst } from './domain/text-analyst.js';
import { TextIndexer } from './domain/text-indexer.js';
import { TextAnalysisGrpcController } from './grpc/text-analysis.controller.js';
import { migrationsDirectory } from './migrations-directory.js';
import { TextModelManager } from './models/text-model-manager.js';
import { TrainingRuns } from './models/training-runs.js';

const VECTOR_STORE = Symbol('VectorStore');
const TRAINING_CORPUS = Symbol('TrainingCorpus');

@Module({})
export class EmbedderModule {
  /**
   * Embedder = texts.clean.v1 and catalog items → ONNX text encoder (dynamic batching, GPU or
   * CPU) → vectors in the vector store (embedded usearch+SQLite, or Qdrant) → embeddings.updated.v1;
   * TextAnalysis gRPC: Embed, SemanticSearch, Analyze (sentiment and intent heads, entities).
   */
  static forRoot(config: EmbedderConfig, logger: Logger, shared: SharedInfrastructure = {}): DynamicModule {
    const { env } = config;
    const catalogStore = new CatalogTermsFile(config.catalogTermsPath);
    const catalogItems = new CatalogItems();
    return {
      module: EmbedderModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          service: 'embedder',
          logger,
          collectProcessMetrics: !shared.inProcessWithOthers,
        }),
      ],
      controllers: [TextIndexingConsumer, TrainingRequestedConsumer, PrivacyConsumer, TextAnalysisGrpcController],
      providers: [
        eventBusProvider({ clientId: 'embedder', env }),
        analyticsStoreProvider({ owner: 'embedder', migrationsDirectory, env: config.analytics, shared }),
        {
          provide: TRAINING_CORPUS,
          inject: [ANALYTICS_STORE],
          useFactory: (store: AnalyticsStore) => new ClickHouseTrainingCorpus(store, config.corpus),
        },
        {
          provide: VECTOR_STORE,
          inject: [LIFECYCLE],
          useFactory: (lifecycle: Lifecycle) => {
            const store = createVectorStore(config.vectorStore);
            lifecycle.add(
              'vector store',
              async () => undefined,
              () => store.close(),
            );
            return store;
          },
        },
        {
          provide: CatalogTerms,
          inject: [LIFECYCLE, EVENT_BUS],
          useFactory: (lifecycle: Lifecycle, bus: EventBus) => {
            const terms = new CatalogTerms();
            lifecycle.add('catalog terms', async () => {
              const saved = await catalogStore.load();
              if (saved) terms.addSnapshot(saved);
              await followCatalog(bus, terms, catalogItems);
            });
            return terms;
          },
        },
        {
          provide: TextModelManager,
          inject: [LIFECYCLE, READINESS, LOGGER, TRAINING_CORPUS, EVENT_BUS, METRICS_REGISTRY],
          useFactory: (
            lifecycle: Lifecycle,
            readiness: Readiness,
            log: Logger,
            corpus: ClickHouseTrainingCorpus,
            bus: EventBus,
            registry: Registry,
          ) => {
            const repository = new ModelRepository(new DirectoryModelStore({ root: config.modelsDir }));
            const logger = log.child({ component: 'models' });
            const runs = new TrainingRuns({
              repository,
              corpus,
              seedCorpus: () => loadSeedCorpus(config.models.training.seedCorpusFile),
              announcements: new BusModelAnnouncements(bus),
              settings: config.models.training,
              logger,
            });
            const manager = new TextModelManager({
              repository,
              trainer: new WorkerModelTrainer(),
              runs,
              settings: config.models,
              logger,
            });
            new Gauge({
              name: 'embedder_encoder_unknown_token_share',
              help: "Share of the encoder's training tokens its vocabulary did not know, by text kind",
              labelNames: ['kind'],
              registers: [registry],
              collect() {
                this.reset();
                for (const [kind, share] of Object.entries(manager.unknownTokenShare())) this.set({ kind }, share);
              },
            });
            readiness.register(
              'text models',
              () => manager.isReady(),
              () => manager.detail(),
            );
            lifecycle.add(
              'text models',
              () => manager.start(),
              () => manager.stop(),
            );
            return manager;
          },
        },
        { provide: Collections, inject: [VECTOR_STORE], useFactory: (store: VectorStore) => new Collections(store) },
        { provide: UserEraser, inject: [VECTOR_STORE], useFactory: (store: VectorStore) => new UserEraser(store) },
        {
          provide: ForgottenUsers,
          inject: [EVENT_BUS, LIFECYCLE],
          useFactory: (bus: EventBus, lifecycle: Lifecycle) =>
            followForgottenUsers(bus, 'embedder-forgotten', lifecycle),
        },
        {
          provide: TextIndexer,
          inject: [TextModelManager, VECTOR_STORE, Collections, EVENT_BUS, CatalogTerms, TRAINING_CORPUS],
          useFactory: (
            models: TextModelManager,
            store: VectorStore,
            collections: Collections,
            bus: EventBus,
            catalog: CatalogTerms,
            trainingTexts: ClickHouseTrainingCorpus,
          ) => {
            const indexer = new TextIndexer({
              models,
              store,
              collections,
              events: new BusEmbeddingEventSink(bus),
              catalog,
              catalogStore,
              trainingTexts,
            });
            models.swapEncodersAfter(async (handle) => {
              const outcome = await indexer.reembedCatalog(handle, catalogItems.all());
              logger.info(
                { encoder: handle.version, items: outcome.indexed },
                'catalog re-embedded for the new encoder',
              );
            });
            return indexer;
          },
        },
        {
          provide: TextAnalyst,
          inject: [TextModelManager, VECTOR_STORE, Collections, CatalogTerms],
          useFactory: (models: TextModelManager, store: VectorStore, collections: Collections, catalog: CatalogTerms) =>
            new TextAnalyst({
              models,
              store,
              collections,
              catalog,
              keywords: catalogItems.keywords,
              limits: config.limits,
            }),
        },
        // The consumers need the text models, which may take a training run: they subscribe once
        // the models are ready without holding up start-up.
        busTransportProvider({
          startWhen: { inject: [TextModelManager], ready: (models: TextModelManager) => models.whenReady() },
        }),
        ...grpcTransportProviders(env, { 'demand.v1.TextAnalysis': TextAnalysisService }),
      ],
    };
  }
}
