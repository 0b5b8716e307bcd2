import { Module, type DynamicModule } from '@nestjs/common';
import type { EventBus } from '@demand/bus';
import { TextAnalysisService } from '@demand/contracts';
import { DirectoryModelStore } from '@demand/model-store';
import {
  busTransportProvider,
  EVENT_BUS,
  eventBusProvider,
  grpcTransportProviders,
  LIFECYCLE,
  LOGGER,
  READINESS,
  ServiceRuntimeModule,
  type Lifecycle,
  type Readiness,
  type SharedInfrastructure,
} from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { createVectorStore, type VectorStore } from '@demand/vector-store';
import { BusEmbeddingEventSink } from './adapters/bus-embedding-events.adapter.js';
import { CatalogTermsFile } from './adapters/catalog-terms-file.adapter.js';
import { ModelRepository } from './adapters/model-repository.adapter.js';
import { WorkerModelTrainer } from './adapters/worker-model-trainer.adapter.js';
import type { EmbedderConfig } from './config.js';
import { PrivacyConsumer } from './consumers/privacy.consumer.js';
import { TextIndexingConsumer } from './consumers/text-indexing.consumer.js';
import { UserEraser } from './domain/user-eraser.js';
import { CatalogTerms } from './domain/catalog-terms.js';
import { Collections } from './domain/collections.js';
import { TextAnalyst } from './domain/text-analyst.js';
import { TextIndexer } from './domain/text-indexer.js';
import { TextAnalysisGrpcController } from './grpc/text-analysis.controller.js';
import { TextModelManager } from './models/text-model-manager.js';

const VECTOR_STORE = Symbol('VectorStore');

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
    return {
      module: EmbedderModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          service: 'embedder',
          logger,
          collectProcessMetrics: !shared.inProcessWithOthers,
        }),
      ],
      controllers: [TextIndexingConsumer, PrivacyConsumer, TextAnalysisGrpcController],
      providers: [
        eventBusProvider({ clientId: 'embedder', env }),
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
          inject: [LIFECYCLE],
          useFactory: (lifecycle: Lifecycle) => {
            const terms = new CatalogTerms();
            lifecycle.add('catalog terms', async () => {
              const saved = await catalogStore.load();
              if (saved) terms.addSnapshot(saved);
            });
            return terms;
          },
        },
        {
          provide: TextModelManager,
          inject: [LIFECYCLE, READINESS, LOGGER],
          useFactory: (lifecycle: Lifecycle, readiness: Readiness, log: Logger) => {
            const repository = new ModelRepository(new DirectoryModelStore({ root: config.modelsDir }));
            const manager = new TextModelManager({
              repository,
              trainer: new WorkerModelTrainer(),
              settings: config.models,
              logger: log.child({ component: 'models' }),
            });
            readiness.register('text models', () => manager.isReady());
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
          provide: TextIndexer,
          inject: [TextModelManager, VECTOR_STORE, Collections, EVENT_BUS, CatalogTerms],
          useFactory: (
            models: TextModelManager,
            store: VectorStore,
            collections: Collections,
            bus: EventBus,
            catalog: CatalogTerms,
          ) =>
            new TextIndexer({
              models,
              store,
              collections,
              events: new BusEmbeddingEventSink(bus),
              catalog,
              catalogStore,
            }),
        },
        {
          provide: TextAnalyst,
          inject: [TextModelManager, VECTOR_STORE, Collections, CatalogTerms],
          useFactory: (models: TextModelManager, store: VectorStore, collections: Collections, catalog: CatalogTerms) =>
            new TextAnalyst({ models, store, collections, catalog, limits: config.limits }),
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
