import {
  TextAnalysisService,
  type AnalyzeRequest,
  type AnalyzeResponse,
  type EmbedRequest,
  type EmbedResponse,
  type SemanticSearchRequest,
  type SemanticSearchResponse,
  type TextAnalysisServer,
} from '@demand/contracts';
import { unary, type GrpcMetrics, type GrpcServiceBinding } from '@demand/grpc-server';
import type { Logger } from '@demand/telemetry';
import type { TextAnalyst } from '../domain/text-analyst.js';

/** gRPC face of the text models: decode, call the domain, encode; errors map to statuses in one place. */
export function textAnalysisBinding(
  analyst: TextAnalyst,
  transport: { logger: Logger; metrics: GrpcMetrics },
): GrpcServiceBinding {
  const implementation: TextAnalysisServer = {
    embed: unary<EmbedRequest, EmbedResponse>(
      'demand.v1.TextAnalysis/Embed',
      (request) => analyst.embed(request),
      transport,
    ),
    semanticSearch: unary<SemanticSearchRequest, SemanticSearchResponse>(
      'demand.v1.TextAnalysis/SemanticSearch',
      (request) => analyst.semanticSearch(request),
      transport,
    ),
    analyze: unary<AnalyzeRequest, AnalyzeResponse>(
      'demand.v1.TextAnalysis/Analyze',
      (request) => analyst.analyze(request),
      transport,
    ),
  };
  return { name: 'demand.v1.TextAnalysis', definition: TextAnalysisService, implementation };
}
