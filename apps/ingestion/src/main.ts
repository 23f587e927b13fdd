import 'reflect-metadata';
import { runService } from '@watchfire/common';
import { startIngestion } from './app';

runService('ingestion', startIngestion);
